//! Signing in over HTTP for the tests: a signed-in client with its cookie and CSRF token, the
//! sign-in form, and the sample's accounts.

use model::account::EditorScope;
use serde_json::{Value, json};
use tests::{Resp, TestServer, sample};

pub(crate) const PASSWORD: &str = "correct horse battery";

/// A signed-in client: its cookie and CSRF token.
pub(crate) struct Client<'a> {
    pub(crate) s: &'a TestServer,
    pub(crate) cookie: String,
    pub(crate) csrf: String,
}

impl<'a> Client<'a> {
    pub(crate) fn login(s: &'a TestServer, email: &str) -> Client<'a> {
        let r = login(s, email, PASSWORD);
        assert_eq!(r.status, 200, "login {email}: {}", r.text());
        let set = r
            .header("set-cookie")
            .expect("a session cookie")
            .to_string();
        let cookie = set.split(';').next().unwrap().to_string();
        Client {
            s,
            cookie,
            csrf: r.json()["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    pub(crate) fn get(&self, path: &str) -> Resp {
        self.s.send("get", path, None, &[("cookie", &self.cookie)])
    }

    /// A state-changing call with the session's CSRF token.
    pub(crate) fn write(&self, method: &str, path: &str, body: &Value) -> Resp {
        self.s.send(
            method,
            path,
            Some(&body.to_string()),
            &[("cookie", &self.cookie), ("x-csrf-token", &self.csrf)],
        )
    }
}

pub(crate) fn login(s: &TestServer, email: &str, password: &str) -> Resp {
    s.post_json(
        "/api/v1/auth/login",
        &json!({ "email": email, "password": password }).to_string(),
    )
}

pub(crate) fn sample_city() -> String {
    sample()[0].municipality_code.clone().unwrap()
}

pub(crate) fn scope(municipality: &str) -> EditorScope {
    EditorScope {
        municipalities: vec![municipality.to_string()],
        associations: Vec::new(),
    }
}

/// The sign-in page's cookie and the token its form must send back.
pub(crate) fn login_form(s: &TestServer) -> (String, String) {
    let form = s.get("/admin/login");
    let cookie = form
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    (
        cookie,
        between(&form.text(), "name=\"login_csrf\" value=\"", "\""),
    )
}

pub(crate) fn between(text: &str, start: &str, end: &str) -> String {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"))
        + start.len();
    text[i..].split(end).next().unwrap().to_string()
}
