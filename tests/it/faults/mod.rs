//! Faults under load: Redis taken away and brought back ([`redis`]), PostgreSQL "restarted"
//! under load ([`database`]), SMTP away in the middle of a run ([`mail`]), and the outbox with
//! SMTP down, two workers at once, a worker killed mid-batch ([`outbox`]). Each test owns what it
//! breaks (a private `redis-server`, a TCP relay of its own in front of the shared PostgreSQL, a
//! private SMTP server), so the suite stays parallel: restarting the real PostgreSQL
//! (`pg_ctlcluster 15 main restart`) would break every other test running at the same time,
//! while cutting a relay looks the same from the app (every open connection dropped, new ones
//! refused, then accepted again). The relay and the load are in [`crate::support`].

mod database;
mod mail;
mod outbox;
mod redis;
