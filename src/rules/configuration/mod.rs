//! Configuration: waivers and project settings.

pub mod include_matches_nothing;
pub mod unused_waiver;
