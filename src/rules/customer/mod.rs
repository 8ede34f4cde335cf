//! Customer alignment: touchpoints supported, journeys complete and free of lasting pain,
//! moments that matter measured in the customer's voice, evidence acted on.

pub mod insight_unaddressed;
pub mod moment_measured_inside_out;
pub mod moment_unmeasured;
pub mod pain_unresolved;
pub mod persona_without_journey;
pub mod stage_without_touchpoint;
pub mod touchpoint_unsupported;
pub mod touchpoint_without_process;
