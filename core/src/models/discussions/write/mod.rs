//! Opening, answering, closing and editing discussions, in one transaction each, counters kept
//! right. Callers have asked `permissions` first.

mod answer;
mod approve;
mod checks;
mod counts;
mod edit;
mod open;
mod remove;
mod respond;

pub use answer::set_answer;
pub use approve::approve_message;
pub use checks::{MAX_COMMENT, MAX_TITLE, check_comment, check_title};
pub use edit::{edit_message, edit_title};
pub use open::{NewDiscussion, create_discussion};
pub use remove::{delete_discussion, delete_message};
pub use respond::{Reply, closed_error, respond};

use counts::{recount, recount_replies};

fn new_id() -> String {
    crate::models::new_row_id()
}
