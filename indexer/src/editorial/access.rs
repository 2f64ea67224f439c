//! Who may change what: the refusals every workflow shares.

use crate::error::{Error, Result};
use model::Viewer;
use model::account::Role;

/// The error for a change outside the viewer's role or scope.
pub(super) fn forbidden(viewer: &Viewer, id: &str) -> Error {
    Error::Forbidden(format!(
        "{} ({}) may not change facility {id}",
        viewer.email,
        viewer.role.label()
    ))
}

/// Administrators and editors only (professionals read, they change nothing).
pub(super) fn staff_only(viewer: &Viewer) -> Result<()> {
    if viewer.role == Role::Professional {
        return Err(Error::Forbidden(format!(
            "{} (professional) changes nothing",
            viewer.email
        )));
    }
    Ok(())
}

/// Administrators only (accounts, imports).
pub(super) fn admin_only(viewer: &Viewer) -> Result<()> {
    if viewer.role != Role::Admin {
        return Err(Error::Forbidden(format!(
            "{} ({}) is not an administrator",
            viewer.email,
            viewer.role.label()
        )));
    }
    Ok(())
}
