//! Which API dialect a request speaks, as far as the middleware must know: CKAN's Action API
//! (`/api/3/action/{name}`, or `/api/action/{name}` as the `ckanapi` client calls it) takes
//! its key in other headers and reads by POST as well as by GET.

use poem::Request;
use poem::http::Method;

/// Where CKAN's Action API is served (`ckanapi` calls the second).
pub const CKAN_ACTION_PREFIXES: [&str; 2] = ["/api/3/action/", "/api/action/"];

/// CKAN's side-effect-free actions: they answer GET with query parameters, and a POST to them
/// writes nothing (no rate limit on writes, no cache made stale, no CSRF token needed).
pub const CKAN_READ_ACTIONS: [&str; 10] = [
    "ckanext_showcase_list",
    "ckanext_showcase_show",
    "ckanext_showcase_package_list",
    "ckanext_package_showcase_list",
    "ckanext_showcase_admin_list",
    "package_show",
    "package_search",
    "organization_list",
    "organization_show",
    "status_show",
];

/// The CKAN action a path names (`package_show` for `/api/3/action/package_show`), if any.
pub fn ckan_action(path: &str) -> Option<&str> {
    CKAN_ACTION_PREFIXES.iter().find_map(|prefix| {
        path.strip_prefix(prefix)
            .map(|name| name.trim_end_matches('/'))
            .filter(|name| !name.is_empty() && !name.contains('/'))
    })
}

/// Whether the request may change something: any method but GET, HEAD and OPTIONS, except a
/// POST to one of CKAN's read actions.
pub fn may_write(req: &Request) -> bool {
    match *req.method() {
        Method::GET | Method::HEAD | Method::OPTIONS => false,
        Method::POST => {
            ckan_action(req.uri().path()).is_none_or(|name| !CKAN_READ_ACTIONS.contains(&name))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_action_of_either_prefix() {
        assert_eq!(
            ckan_action("/api/3/action/package_show"),
            Some("package_show")
        );
        assert_eq!(ckan_action("/api/action/status_show/"), Some("status_show"));
        assert_eq!(ckan_action("/api/3/action/"), None);
        assert_eq!(ckan_action("/api/1/reuses/"), None);
        assert_eq!(ckan_action("/api/3/action/a/b"), None);
    }

    #[test]
    fn a_post_to_a_read_action_writes_nothing() {
        let post = |path: &str| {
            Request::builder()
                .method(Method::POST)
                .uri_str(path)
                .finish()
        };
        assert!(!may_write(&post("/api/3/action/package_search")));
        assert!(may_write(&post("/api/3/action/ckanext_showcase_create")));
        assert!(may_write(&post("/api/1/reuses/")));
        assert!(!may_write(
            &Request::builder().uri_str("/api/1/reuses/").finish()
        ));
    }
}
