//! Relative costs of the planner's choices, in tenths of a nanosecond on this kind of machine,
//! measured on the benchmark workload by forcing each strategy ([`Planner`]); only their ratios
//! matter.

/// One 64-bit word of a bitset operation or popcount (vectorised: about 0.1 ns).
pub(super) const WORD: usize = 1;
/// Checking one candidate of a posting list or the R-tree against the cheap filters and
/// counting it into the facets (such lists are clustered in memory).
pub(super) const CHECK: usize = 300;
/// The same for a member of a bitset spread over the whole directory (a cache miss each).
pub(super) const CHECK_SPREAD: usize = 2_500;
/// A substring search in one candidate's text.
pub(super) const SUBSTRING: usize = 1_000;
/// Setting one bit from a posting list.
pub(super) const POSTING: usize = 20;
/// One posting of a longer word's rarest pair: intersected with the other pairs' lists,
/// and checked by substring search when it survives.
pub(super) const PAIR_CANDIDATE: usize = 600;
