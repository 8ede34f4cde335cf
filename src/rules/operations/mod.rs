//! Operations: owners, capabilities realized, orphans, systems being retired, suppliers behind
//! sourced capabilities.

pub mod capability_unrealized;
pub mod missing_owner;
pub mod orphan_element;
pub mod retiring_system_in_use;
pub mod sourcing_without_supplier;
