//! Customer alignment: touchpoints supported, journeys complete, moments that matter measured.

pub mod moment_unmeasured;
pub mod persona_without_journey;
pub mod stage_without_touchpoint;
pub mod touchpoint_unsupported;
pub mod touchpoint_without_process;
