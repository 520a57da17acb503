//! CKAN's Action API under `/api/3/action/`: the real `ckanapi` client ([`client`]), CKAN's
//! conventions and failures ([`conventions`]), the showcase actions ([`showcases`]), their
//! images ([`uploads`]), links to datasets ([`links`]) and admins ([`admins`]), and the
//! catalog's reads ([`catalog`]), showcases as packages ([`showcase_search`]); [`calls`] makes
//! the calls.

mod admins;
mod calls;
mod catalog;
mod client;
mod conventions;
mod links;
mod showcase_search;
mod showcases;
mod uploads;
