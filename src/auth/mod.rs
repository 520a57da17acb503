//! Who is calling: API keys now, browser sessions with sign-in.

pub mod tokens;
