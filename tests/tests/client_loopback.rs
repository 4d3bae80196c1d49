//! The generated client against a loopback server: for every documented path of the seed
//! operations, the request it sends (method, exact encoded path, headers) and how it maps
//! the documented success, a Graph error and an unexpected failure.
//!
//! Compiles against `generated/`, which `cargo run -p generator -- docs-input/` writes.

use std::future::Future;

use graph_client::runtime::build_path;
use graph_client::runtime::Part;
use graph_client::{beta, v1_0, BoxError, Client, Error, StaticToken, TokenFuture, TokenProvider};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "loopback-token";

// Parameter values that need percent-encoding, with what must reach the server.
const A: &str = "a b/c";
const A_SENT: &str = "a%20b%2Fc";
const B: &str = "ü&=?#";
const B_SENT: &str = "%C3%BC%26%3D%3F%23";
const C: &str = "50%";
const C_SENT: &str = "50%25";
const D: &str = "x.y_z~-";
const D_SENT: &str = "x.y_z~-";

fn client_for(server: &MockServer) -> Client {
    Client::new(StaticToken::new(TOKEN)).with_base_url(server.uri()).unwrap()
}

/// A server that answers `response` only to the expected request (anything else gets
/// wiremock's 404, which the client reports as an error).
async fn server_expecting(expected_path: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(expected_path))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Runs the three scenarios for one generated function.
async fn check_endpoint<F, Fut>(expected_path: &str, call: F)
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let server = server_expecting(expected_path, ResponseTemplate::new(204)).await;
    let result = call(client_for(&server)).await;
    assert!(matches!(result, Ok(())), "204 on {expected_path}: {result:?}");
    let received: Vec<Request> = server.received_requests().await.unwrap();
    assert!(received[0].body.is_empty(), "no body documented, none sent");
    drop(server); // verifies `.expect(1)`

    let graph_error = serde_json::json!({"error": {"code": "Forbidden", "message": "Missing scope"}});
    let server = server_expecting(expected_path, ResponseTemplate::new(403).set_body_json(graph_error)).await;
    match call(client_for(&server)).await {
        Err(Error::Graph { status, code, message, .. }) => {
            assert_eq!((status, code.as_str(), message.as_str()), (403, "Forbidden", "Missing scope"));
        }
        other => panic!("403 on {expected_path}: {other:?}"),
    }
    drop(server);

    let server = server_expecting(expected_path, ResponseTemplate::new(500).set_body_string("<html>oops</html>")).await;
    match call(client_for(&server)).await {
        Err(Error::UnexpectedStatus { status, body, .. }) => {
            assert_eq!((status, body.as_str()), (500, "<html>oops</html>"));
        }
        other => panic!("500 on {expected_path}: {other:?}"),
    }
}

/// One test per generated function: `name, function, [arguments], "expected path"`.
macro_rules! endpoint_tests {
    ($($test:ident, $f:path, [$($arg:expr),*], $expected:expr;)*) => {$(
        #[tokio::test]
        async fn $test() {
            check_endpoint(&$expected, |client: Client| async move { $f(&client, $($arg),*).await }).await;
        }
    )*};
}

endpoint_tests! {
    beta_recover_passcode_me, beta::managed_devices::recover_passcode_me_managed_devices, [A],
        format!("/beta/me/managedDevices/{A_SENT}/recoverPasscode");
    beta_recover_passcode_managed_devices, beta::managed_devices::recover_passcode_device_management_managed_devices, [A],
        format!("/beta/deviceManagement/managedDevices/{A_SENT}/recoverPasscode");
    beta_recover_passcode_comanaged_devices, beta::managed_devices::recover_passcode_device_management_comanaged_devices, [A],
        format!("/beta/deviceManagement/comanagedDevices/{A_SENT}/recoverPasscode");

    beta_reset_passcode_managed_devices, beta::managed_devices::reset_passcode_managed_devices, [A],
        format!("/beta/deviceManagement/managedDevices/{A_SENT}/resetPasscode");
    beta_reset_passcode_comanaged_devices, beta::managed_devices::reset_passcode_comanaged_devices, [A],
        format!("/beta/deviceManagement/comanagedDevices/{A_SENT}/resetPasscode");
    beta_reset_passcode_health_scripts, beta::managed_devices::reset_passcode_device_health_scripts_device_run_states_managed_device, [A, B],
        format!("/beta/deviceManagement/deviceHealthScripts/{A_SENT}/deviceRunStates/{B_SENT}/managedDevice/resetPasscode");
    beta_reset_passcode_management_scripts, beta::managed_devices::reset_passcode_device_management_scripts_device_run_states_managed_device, [A, B],
        format!("/beta/deviceManagement/deviceManagementScripts/{A_SENT}/deviceRunStates/{B_SENT}/managedDevice/resetPasscode");
    beta_reset_passcode_compliance_scripts, beta::managed_devices::reset_passcode_device_compliance_scripts_device_run_states_managed_device, [A, B],
        format!("/beta/deviceManagement/deviceComplianceScripts/{A_SENT}/deviceRunStates/{B_SENT}/managedDevice/resetPasscode");
    beta_reset_passcode_management_scripts_users, beta::managed_devices::reset_passcode_device_management_scripts_device_run_states_managed_device_users_managed_devices, [A, B, C, D],
        format!("/beta/deviceManagement/deviceManagementScripts/{A_SENT}/deviceRunStates/{B_SENT}/managedDevice/users/{C_SENT}/managedDevices/{D_SENT}/resetPasscode");
    beta_reset_passcode_management_scripts_detected_apps, beta::managed_devices::reset_passcode_device_management_scripts_device_run_states_managed_device_detected_apps_managed_devices, [A, B, C, D],
        format!("/beta/deviceManagement/deviceManagementScripts/{A_SENT}/deviceRunStates/{B_SENT}/managedDevice/detectedApps/{C_SENT}/managedDevices/{D_SENT}/resetPasscode");

    v1_recover_passcode_users, v1_0::managed_devices::recover_passcode_users, [A, B],
        format!("/v1.0/users/{A_SENT}/managedDevices/{B_SENT}/recoverPasscode");
    v1_recover_passcode_managed_devices, v1_0::managed_devices::recover_passcode_device_management, [A],
        format!("/v1.0/deviceManagement/managedDevices/{A_SENT}/recoverPasscode");
    v1_recover_passcode_detected_apps, v1_0::managed_devices::recover_passcode_device_management_detected_apps, [A, B],
        format!("/v1.0/deviceManagement/detectedApps/{A_SENT}/managedDevices/{B_SENT}/recoverPasscode");
}

#[tokio::test]
async fn another_success_status_than_the_documented_one_is_a_success() {
    // Documented 204; the server did the work and said 200: that is not a failure (issue 8).
    let path = format!("/v1.0/deviceManagement/managedDevices/{A_SENT}/recoverPasscode");
    let server = server_expecting(&path, ResponseTemplate::new(200).set_body_string("{}")).await;
    let result = v1_0::managed_devices::recover_passcode_device_management(&client_for(&server), A).await;
    assert!(matches!(result, Ok(())), "{result:?}");
}

#[tokio::test]
async fn base_url_trailing_slash_is_ignored() {
    let path = format!("/v1.0/deviceManagement/managedDevices/{A_SENT}/recoverPasscode");
    let server = server_expecting(&path, ResponseTemplate::new(204)).await;
    let client = Client::new(StaticToken::new(TOKEN)).with_base_url(format!("{}/", server.uri())).unwrap();
    v1_0::managed_devices::recover_passcode_device_management(&client, A).await.unwrap();
}

#[tokio::test]
async fn dot_segments_and_empty_parameters_are_refused_before_sending() {
    let server = MockServer::start().await; // no mocks: any request would get a 404
    for value in ["", ".", ".."] {
        let result = v1_0::managed_devices::recover_passcode_device_management(&client_for(&server), value).await;
        match result {
            Err(Error::InvalidParameter { name, value: rejected }) => {
                assert_eq!((name.as_str(), rejected.as_str()), ("managedDeviceId", value));
            }
            other => panic!("{value:?}: {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn dots_inside_a_segment_are_kept_and_partial_segments_may_be_empty() {
    let parts = [Part::Literal("/v1.0/reports/get(period='"), Part::Param("period", ""), Part::Literal("')")];
    assert_eq!(build_path(&parts).unwrap(), "/v1.0/reports/get(period='')");
    let parts = [Part::Literal("/v1.0/drives/"), Part::Param("id", "a..b")];
    assert_eq!(build_path(&parts).unwrap(), "/v1.0/drives/a..b");
}

struct FailingTokens;

impl TokenProvider for FailingTokens {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err(BoxError::from("no refresh token")) })
    }
}

#[tokio::test]
async fn token_errors_are_reported_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = Client::new(FailingTokens).with_base_url(server.uri()).unwrap();
    let result = beta::managed_devices::reset_passcode_managed_devices(&client, A).await;
    match result {
        Err(error @ Error::Token(_)) => {
            assert_eq!(error.to_string(), "could not get an access token: no refresh token")
        }
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let client = Client::new(StaticToken::new(TOKEN)).with_base_url("http://127.0.0.1:9").unwrap();
    let result = beta::managed_devices::reset_passcode_managed_devices(&client, A).await;
    assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
}

#[test]
fn errors_display_their_status() {
    let graph = Error::Graph {
        status: 403,
        code: "Forbidden".into(),
        message: "Missing scope".into(),
        retry_after: None,
        details: Default::default(),
    };
    assert_eq!(graph.to_string(), "Graph returned 403 Forbidden: Missing scope");
    assert_eq!(graph.status(), Some(403));
    let unexpected = Error::UnexpectedStatus { status: 500, body: "oops".into(), retry_after: None };
    assert_eq!(unexpected.to_string(), "unexpected status 500: oops");
}
