//! Strategy alignment: objectives realized and measured, capabilities aligned, KPIs with
//! targets, attached to what they measure and on track.

pub mod capability_unaligned;
pub mod kpi_off_track;
pub mod kpi_target_regresses;
pub mod kpi_unattached;
pub mod kpi_without_target;
pub mod objective_unmeasured;
pub mod objective_unrealized;
