//! Importers: models from other tools into a new tomc project (`tom.yaml` and model
//! files), with a report of what was taken and what was left out.

pub mod archimate;
