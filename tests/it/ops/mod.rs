//! Running it for real: images on object storage shared by two instances, behind nginx,
//! slow clients against the server's limits, metrics, logs and health checks.

mod health;
mod limits;
mod media;
mod metrics;
mod proxy;
