//! `/api/1/reuses/`: writing reuses ([`writes`]) and reading them ([`lists`]).

mod lists;
mod udata_shape;
mod writes;
