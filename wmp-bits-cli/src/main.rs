//! The `wmp-bits` command.

fn main() {}
