//! Demo mode's fixed names and keys. Public on purpose: demo mode is for trying Patron out,
//! never for production.

/// The site the demo shop embeds.
pub const DEMO_SITE: &str = "demo";

/// The demo site's admin key in demo mode (when its site.yaml sets none).
pub const DEMO_ADMIN_KEY: &str = "demo-admin-key";

/// The demo site's member token secret in demo mode (when its site.yaml names none).
pub const DEMO_MEMBER_TOKEN_SECRET: &str = "demo-member-token-secret-not-for-production";

/// The demo shop's origin: `localhost`, so it is a different origin from Patron's
/// `127.0.0.1`, as a retailer's shop would be.
pub fn demo_origin(port: u16) -> String {
    format!("http://localhost:{port}")
}

/// The demo site's console owner in demo mode, printed at start.
pub const DEMO_CONSOLE_EMAIL: &str = "owner@demo.patron.example";
pub const DEMO_CONSOLE_PASSWORD: &str = "demo-console-password";
