//! Strategy alignment: objectives realized and measured, capabilities aligned, KPIs with targets.

pub mod capability_unaligned;
pub mod kpi_target_regresses;
pub mod kpi_without_target;
pub mod objective_unmeasured;
pub mod objective_unrealized;
