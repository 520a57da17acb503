//! Security across the API and the pages: headers, cookies, CSRF, redirects and sessions
//! ([`headers_and_sessions`]); hostile input ([`hostile_input`]); and the holes of the attack
//! review, in reads ([`attacks_on_reads`]), writes ([`attacks_on_writes`]) and user Markdown
//! ([`attacks_by_markdown`]).

mod attacks_by_markdown;
mod attacks_on_reads;
mod attacks_on_writes;
mod headers_and_sessions;
mod hostile_input;
