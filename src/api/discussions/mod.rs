//! `/api/1/discussions/`: questions about datasets and reuses, with udata's semantics, and the
//! answer a producer marks.

mod inputs;
mod views;

use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use crate::actions::discussions::{
    delete_reply, edit_message, mark_answer, open_discussion, remove_discussion, rename_discussion,
    reply_to,
};
use crate::api::references::optional_id;
use crate::api::security::{MaybeSignedIn, SignedIn};
use crate::api::views::{ApiTags, Page};
use crate::error::{AppError, HttpResult};
use crate::models::discussions::list::{DiscussionFilter, list_discussions};
use crate::models::discussions::write::{NewDiscussion, Reply};
use crate::models::discussions::{SubjectClass, find_thread};
use crate::models::paging::Paging;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

pub use inputs::{
    AnswerInput, CommentInput, NewDiscussionInput, ReplyInput, SubjectInput, TitleInput,
};
pub use views::{
    CreateDiscussionResponse, DeletedResponse, DiscussionPermissions, DiscussionView, MessageView,
    SubjectRef, permissions_of, views_of,
};

/// Discussion operations.
pub struct DiscussionsApi;

async fn view(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> HttpResult<Json<Box<DiscussionView>>> {
    let thread = find_thread(&state.db, viewer, id).await?;
    let mut views = views_of(state, viewer, vec![thread]).await?;
    let view = views
        .pop()
        .ok_or_else(|| AppError::Internal("discussion vanished".into()))?;
    Ok(Json(Box::new(view)))
}

#[OpenApi(tag = "ApiTags::Discussions")]
impl DiscussionsApi {
    /// List discussions
    ///
    /// Discussions about datasets, and about the reuses the caller may see.
    #[oai(
        path = "/discussions/",
        method = "get",
        operation_id = "list_discussions"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_discussions(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        req: &Request,
        /// Subject id (repeatable: any of them).
        #[oai(name = "for", default)]
        for_: Query<Vec<String>>,
        /// Closed only (true) or open only (false).
        closed: Query<Option<bool>>,
        /// Opened by this user id.
        user: Query<Option<String>>,
        /// About datasets and reuses of this organization id.
        org: Query<Option<String>>,
        /// Words in the title or the messages.
        q: Query<Option<String>>,
        /// title, created, closed or discussion.posted_on; `-` for descending (default `-created`).
        sort: Query<Option<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<DiscussionView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let filter = DiscussionFilter {
            subjects: for_.0,
            closed: closed.0,
            user: user.0,
            organization: org.0,
            q: q.0,
            sort: sort.0,
        };
        let found = list_discussions(&state.db, &viewer, &filter, paging).await?;
        let mut permissions = permissions_of(&state, &viewer, &found.items).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |thread| {
            let allowed = permissions
                .remove(&thread.discussion.id)
                .unwrap_or_default();
            DiscussionView::new(thread, public_url, &viewer, allowed)
        })))
    }

    /// Open a discussion
    ///
    /// About a dataset or a reuse, with its first message; `organization` (one of yours) to speak for it.
    #[oai(
        path = "/discussions/",
        method = "post",
        operation_id = "create_discussion"
    )]
    async fn create_discussion(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<NewDiscussionInput>,
    ) -> HttpResult<CreateDiscussionResponse> {
        permissions::can_comment(&viewer)?;
        let body = body.0;
        let subject = body.subject.ok_or_else(|| {
            AppError::field(
                "subject",
                "is required: {\"class\": \"Dataset\" or \"Reuse\", \"id\": …}",
            )
        })?;
        let class = SubjectClass::parse(&subject.class)?;
        let new = NewDiscussion {
            organization: optional_id(body.organization.as_ref(), "organization")?,
            title: body.title,
            comment: body.comment,
            held: None,
        };
        let discussion = open_discussion(&state, &viewer, class, &subject.id, new).await?;
        Ok(CreateDiscussionResponse::Created(
            view(&state, &viewer, &discussion.id).await?,
        ))
    }

    /// Get a discussion
    #[oai(
        path = "/discussions/:id/",
        method = "get",
        operation_id = "get_discussion"
    )]
    async fn get_discussion(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<Box<DiscussionView>>> {
        view(&state, &viewer, &id).await
    }

    /// Comment, close or reopen
    ///
    /// `comment` adds a message (refused with 403 once closed); `close: true` closes and
    /// `close: false` reopens (the subject's producers, the author, moderators); 400 when neither
    /// is given.
    #[oai(
        path = "/discussions/:id/",
        method = "post",
        operation_id = "comment_discussion"
    )]
    async fn reply(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        body: Json<ReplyInput>,
    ) -> HttpResult<Json<Box<DiscussionView>>> {
        permissions::can_comment(&viewer)?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        let body = body.0;
        let reply = Reply {
            organization: optional_id(body.organization.as_ref(), "organization")?,
            comment: body.comment,
            close: body.close,
            held: None,
        };
        reply_to(&state, &viewer, &thread, reply).await?;
        view(&state, &viewer, &id).await
    }

    /// Change the title
    ///
    /// The discussion's author only.
    #[oai(
        path = "/discussions/:id/",
        method = "put",
        operation_id = "update_discussion"
    )]
    async fn rename(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        body: Json<TitleInput>,
    ) -> HttpResult<Json<Box<DiscussionView>>> {
        viewer.require_user()?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        rename_discussion(&state, &viewer, &thread, body.0.title.as_deref()).await?;
        view(&state, &viewer, &id).await
    }

    /// Delete a discussion
    ///
    /// Its author, moderators and admins.
    #[oai(
        path = "/discussions/:id/",
        method = "delete",
        operation_id = "delete_discussion"
    )]
    async fn delete_discussion(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<DeletedResponse> {
        viewer.require_user()?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        remove_discussion(&state, &viewer, &thread).await?;
        Ok(DeletedResponse::Deleted)
    }

    /// Edit a message
    ///
    /// Its author only. `index` counts from 0 (the question) or is the message's id.
    #[oai(
        path = "/discussions/:id/comments/:index/",
        method = "put",
        operation_id = "edit_discussion_comment"
    )]
    async fn edit_comment(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        index: Path<String>,
        body: Json<CommentInput>,
    ) -> HttpResult<Json<Box<DiscussionView>>> {
        viewer.require_user()?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        let message = thread.message(&index)?;
        edit_message(&state, &viewer, &thread, message, body.0.comment.as_deref()).await?;
        view(&state, &viewer, &id).await
    }

    /// Delete a message
    ///
    /// Its author only; the first message (the question) cannot be deleted (400).
    #[oai(
        path = "/discussions/:id/comments/:index/",
        method = "delete",
        operation_id = "delete_discussion_comment"
    )]
    async fn delete_comment(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        index: Path<String>,
    ) -> HttpResult<DeletedResponse> {
        viewer.require_user()?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        let message = thread.message(&index)?;
        delete_reply(&state, &viewer, &thread, message).await?;
        Ok(DeletedResponse::Deleted)
    }

    /// Mark the answer
    ///
    /// The subject's producers (its owner or its organization's members) and admins; the thread
    /// then shows this message first after the question.
    #[oai(
        path = "/discussions/:id/answer/",
        method = "post",
        operation_id = "mark_discussion_answer"
    )]
    async fn mark_answer(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
        body: Json<AnswerInput>,
    ) -> HttpResult<Json<Box<DiscussionView>>> {
        viewer.require_user()?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        let wanted = body
            .0
            .message
            .ok_or_else(|| AppError::field("message", "is required: the id of a reply"))?;
        mark_answer(&state, &viewer, &thread, Some(&wanted)).await?;
        view(&state, &viewer, &id).await
    }

    /// Unmark the answer
    #[oai(
        path = "/discussions/:id/answer/",
        method = "delete",
        operation_id = "unmark_discussion_answer"
    )]
    async fn unmark_answer(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<Box<DiscussionView>>> {
        viewer.require_user()?;
        let thread = find_thread(&state.db, &viewer, &id).await?;
        mark_answer(&state, &viewer, &thread, None).await?;
        view(&state, &viewer, &id).await
    }
}
