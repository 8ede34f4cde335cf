//! Integration tests: they run the real `tomc` binary and read its output.

#![allow(clippy::unwrap_used, missing_docs, unreachable_pub)]

mod archimate;
mod architecture;
mod bad_input;
mod catalogue;
mod diff;
mod examples;
mod experience;
mod export_sheet;
mod front_end;
mod fuzz_regressions;
mod gaps;
mod generate;
mod human;
mod impact;
mod import_sheet;
mod input_safety;
mod integrations;
mod kpi_status;
mod limits;
mod lsp;
mod manifest;
mod measurements;
mod new_user;
mod one_slip;
mod operations_change_rules;
mod outputs;
mod plan_rules;
mod progress;
mod project;
mod properties;
mod schema;
mod settings;
mod site;
mod site_gaps;
mod site_journeys;
mod site_pdf;
mod site_safety;
mod site_story;
mod site_summary;
mod strategy_customer_rules;
mod structural;
mod support;
mod threads;
mod values;
