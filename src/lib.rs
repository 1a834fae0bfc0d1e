//! wmp-bits (skeleton, being written)
#![forbid(unsafe_code)]
