//! The Markdown of a [`Changelog`], for a pull request description: security-relevant
//! permission changes first, under their own heading, then everything else.

use super::{Access, Changelog, OperationRef, Owner, OwnerChange, PermissionChange, PermissionChangeKind};
use std::fmt::Write;

/// The changelog as Markdown; `No API changes.` when there is nothing to report.
pub fn render_markdown(log: &Changelog) -> String {
    if log.is_empty() {
        return "No API changes.\n".to_string();
    }
    let mut out = String::new();
    let (owners_security, owners_other): (Vec<&OwnerChange>, Vec<&OwnerChange>) =
        log.owners.iter().partition(|c| c.is_security_relevant());
    let others = log.other_permissions.len()
        + log.operations_added.len()
        + log.operations_removed.len()
        + log.endpoints.len()
        + log.statuses.len()
        + owners_other.len();
    let security = plural(log.security.len() + owners_security.len(), "security-relevant permission change");
    let _ = writeln!(out, "{security}, {}.", plural(others, "other change"));

    if !log.security.is_empty() || !owners_security.is_empty() {
        out.push_str("\n## ⚠ Security-relevant permission changes\n\n");
        for change in &log.security {
            permission_line(&mut out, change);
        }
        for change in &owners_security {
            owner_line(&mut out, change);
        }
    }
    if others > 0 {
        out.push_str("\n## Other changes\n");
    }
    section(&mut out, "Operations added", &log.operations_added, |out, op| {
        let _ = writeln!(out, "- {}: {} — {}", operation(op), endpoints(op), least_privileged(op));
    });
    section(&mut out, "Operations removed", &log.operations_removed, |out, op| {
        let _ = writeln!(out, "- {}: {} — {}", operation(op), endpoints(op), least_privileged(op));
    });
    section(&mut out, "Endpoints", &log.endpoints, |out, change| {
        let verb = if change.added { "added" } else { "removed" };
        let _ = writeln!(out, "- {}: {verb} `{} {}`", operation(&change.operation), change.method, change.path);
    });
    section(&mut out, "Success status", &log.statuses, |out, change| {
        let code = |c: Option<u16>| c.map_or("none".to_string(), |c| c.to_string());
        let _ = writeln!(out, "- {}: {} → {}", operation(&change.operation), code(change.old), code(change.new));
    });
    section(&mut out, "Higher-privileged permissions", &log.other_permissions, permission_line);
    section(&mut out, "Endpoint owners", &owners_other, |out, change| owner_line(out, change));
    out
}

/// `- **v1.0** `POST /users`: answered by `create-user-4` (least ...), was `create-user` (least ...)`.
fn owner_line(out: &mut String, change: &OwnerChange) {
    let who = |owner: &Owner| match &owner.key {
        None => "no page (its pages disagree)".to_string(),
        Some(key) => {
            let least: Vec<String> = owner
                .least_privileged
                .iter()
                .map(|(scheme, names)| format!("{} {}", scheme.as_str(), names.join(", ")))
                .collect();
            match least.is_empty() {
                true => format!("`{key}`"),
                false => format!("`{key}` (least privileged: {})", least.join("; ")),
            }
        }
    };
    let _ = writeln!(
        out,
        "- **{}** `{} {}`: answered by {}, was {}",
        change.version,
        change.method,
        change.path,
        who(&change.new),
        who(&change.old)
    );
}

fn plural(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&mut String, &T)) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "\n### {title}\n\n");
    for item in items {
        line(out, item);
    }
}

/// `**beta** `resetPasscode` on managedDevices`.
fn operation(op: &OperationRef) -> String {
    format!("**{}** `{}` on {}", op.version, op.name, op.resource)
}

/// `` `POST /a/{id}/x` `` and how many more paths the operation has: permission tables apply
/// to every endpoint of an operation, and the first one is enough to find it.
fn endpoints(op: &OperationRef) -> String {
    match op.endpoints.split_first() {
        None => "no endpoints".to_string(),
        Some(((method, path), [])) => format!("`{method} {path}`"),
        Some(((method, path), rest)) => format!("`{method} {path}` and {}", plural(rest.len(), "more path")),
    }
}

/// `least privileged: Delegated (work or school account) `A`; Application `B``.
fn least_privileged(op: &OperationRef) -> String {
    if op.least_privileged.is_empty() {
        return "no permissions documented".to_string();
    }
    let schemes: Vec<String> =
        op.least_privileged.iter().map(|(scheme, list)| format!("{} {}", scheme.label(), names(list))).collect();
    format!("least privileged: {}", schemes.join("; "))
}

fn names(list: &[String]) -> String {
    match list.is_empty() {
        true => "none".to_string(),
        false => list.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
    }
}

/// The whole requirement, for changes between states.
fn access(access: &Access) -> String {
    match access {
        Access::Permissions { least, higher } if higher.is_empty() => names(least),
        Access::Permissions { least, higher } => format!("{} (higher: {})", names(least), names(higher)),
        Access::NotSupported => "not supported".to_string(),
        Access::Unspecified => "not documented".to_string(),
    }
}

/// Just the list that changed, when both sides name permissions.
fn list(access: &Access, kind: PermissionChangeKind) -> String {
    match (access, kind) {
        (Access::Permissions { least, .. }, PermissionChangeKind::LeastPrivilegedChanged) => names(least),
        (Access::Permissions { higher, .. }, PermissionChangeKind::HigherPrivilegedChanged) => names(higher),
        _ => self::access(access),
    }
}

fn describe(kind: PermissionChangeKind) -> &'static str {
    match kind {
        PermissionChangeKind::LeastPrivilegedChanged => "least privileged permission changed",
        PermissionChangeKind::NewlyRequired => "permission newly required",
        PermissionChangeKind::Dropped => "permission requirement dropped",
        PermissionChangeKind::BecameSupported => "scheme now supported",
        PermissionChangeKind::BecameUnsupported => "scheme now unsupported",
        PermissionChangeKind::SupportUnknown => "no longer documented as unsupported",
        PermissionChangeKind::HigherPrivilegedChanged => "higher-privileged permissions changed",
    }
}

fn permission_line(out: &mut String, change: &PermissionChange) {
    let scope = match &change.scope {
        Some(scope) => format!(", table “{scope}”"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "- {} ({}){scope} — {}: **{}**: {} → {}",
        operation(&change.operation),
        endpoints(&change.operation),
        change.scheme.label(),
        describe(change.kind),
        list(&change.old, change.kind),
        list(&change.new, change.kind),
    );
}
