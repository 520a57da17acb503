//! `/api/1/discussions/`: opening ([`writes`]), who may do each write ([`permissions`]),
//! closing and answering ([`answers`]), and the counters and lists they keep right ([`lists`]).

mod answers;
mod lists;
mod permissions;
mod writes;
