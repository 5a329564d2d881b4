//! Stopping: the signal, the grace period for requests in flight, and the cut-off after it.

use crate::error::ApiError;
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

/// After the cut-off, how long the connections get to send their 503 and close.
const AFTER_CUT_OFF: Duration = Duration::from_secs(2);

/// Serves until `signal`, then lets requests in flight finish for at most `grace`. Past it every
/// request still running is cut off (its handler dropped, which also stops its report work) and
/// answered 503, so a request that would never end cannot keep the server, and its store, open.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    grace: Duration,
    signal: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (cut_off, cut_off_seen) = watch::channel(false);
    let router = router.layer(axum::middleware::from_fn_with_state(
        cut_off_seen,
        until_cut_off,
    ));
    let (signalled, signal_seen) = oneshot::channel();
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        signal.await;
        let _ = signalled.send(());
    })
    .into_future();
    tokio::pin!(server);
    let grace_over = async {
        match signal_seen.await {
            Ok(()) => tokio::time::sleep(grace).await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        done = &mut server => return done,
        () = grace_over => {}
    }
    tracing::warn!(
        ?grace,
        "requests still in flight after the grace period: cutting them off"
    );
    let _ = cut_off.send(true);
    match tokio::time::timeout(AFTER_CUT_OFF, &mut server).await {
        Ok(done) => done,
        Err(_) => {
            tracing::warn!("connections still open after the cut-off: stopping without them");
            Ok(())
        }
    }
}

/// Runs the request until the server cuts off what is left in flight.
async fn until_cut_off(
    State(mut cut_off): State<watch::Receiver<bool>>,
    request: Request,
    next: Next,
) -> Response {
    tokio::select! {
        response = next.run(request) => response,
        _ = cut_off.wait_for(|cut| *cut) => {
            ApiError::Unavailable("the server is stopping".into()).into_response()
        }
    }
}

/// Ctrl-C or SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
