//! Where the BITS tests of `bits_wine.rs` cannot run (not Windows, or without the `bits` and
//! `getrandom` features), the test list says so instead of showing nothing.

#![cfg(not(all(windows, feature = "bits", feature = "getrandom")))]

#[test]
#[ignore = "the BITS tests of tests/bits_wine.rs need Windows and the features bits and \
            getrandom: scripts/test-windows runs them under Wine"]
fn bits_tests_need_windows() {
    panic!(
        "the BITS tests of tests/bits_wine.rs did not run: they need Windows and its BITS \
         service, and the features bits and getrandom; run scripts/test-windows (Wine), or \
         cargo test --all-features on Windows"
    );
}
