//! Parse, render and validate the job descriptions that hand BITS downloads to Windows Media
//! Player, and find out why the Player does not pick a download up.
//!
//! An online store gives a download to Windows Media Player (10 and later) through the
//! Background Intelligent Transfer Service (BITS): it creates a BITS job with exactly one file
//! and sets the job's description (`IBackgroundCopyJob::SetDescription`) to a string in this
//! convention:
//!
//! ```text
//! ::WMP_JOB:1:serviceId:Provider:AlbumArtist:AlbumTitle:TrackNumber:Title:Duration:Rating
//! ::WMP_STATUS:1:serviceId:Provider:AlbumArtist:AlbumTitle:TrackNumber:Title:Duration:Rating
//! ```
//!
//! With `WMP_JOB` the Player completes the job, moves the file to the ripped-music folder and
//! adds it to the library; with `WMP_STATUS` it only shows status, and the store's own code
//! completes the job. The `REG_DWORD` `RefreshDownload` under
//! `HKEY_CURRENT_USER\Software\Microsoft\MediaPlayer\Services` decides whether the Player
//! looks at the BITS queue (nonzero: it must; zero: it will not), and the Player takes only
//! local files ending in `.wma`, `.wmv`, `.mp3` or `.asf`.
//!
//! # Where to start
//!
//! - **To build a description** from a store's data: [`Descriptor::builder`] (refusing or
//!   sanitising text, [`DescriptorBuilder::build_fitted`] to fit a box set's metadata into
//!   the 1,024-unit budget). The service id names the store's *service*: draw it once
//!   (`ServiceId::random`, feature `getrandom`), keep it in the store's configuration, and write the same one on
//!   every job.
//! - **To read a description**: `str::parse` into a [`Descriptor`] (strict and canonical, a
//!   [`ParseError`] with a stable code, the field and the byte span otherwise);
//!   [`lenient::parse`] for text written by others, and [`lenient::classify`] to tell the
//!   Player's descriptions (strict, or a near miss with the exact text it needs) from other
//!   programs'.
//! - **To check a job**: [`Job`] (remote URL, local name, descriptor, display name, every
//!   problem at once), or [`validate::job`] for the parts as text; [`validate`] has each
//!   rule on its own.
//! - **To name the file**: [`file_name`] makes a local name that always passes the
//!   local-name rules, in one folder or in the Player's own rip layout.
//! - **To diagnose a queue**: [`doctor::diagnose`] says what the Player does with each job
//!   of a [`doctor::Snapshot`], and why — on any platform; the Windows-only `bits` feature
//!   takes the snapshot of the live queue, submits jobs and reads the registry. [`registry`]
//!   names the `RefreshDownload` switch and writes the command that sets it.
//!
//! ```
//! use wmp_bits::{validate, Descriptor, Kind, Rating, ServiceId};
//!
//! // Drawn once with ServiceId::random() and kept in the store's configuration.
//! const SERVICE_ID: u32 = 987_654_321;
//! let service = ServiceId::new(SERVICE_ID).expect("a kept id is nonzero");
//!
//! // Build one for a download…
//! let d = Descriptor::builder(Kind::Job, service, "Proseware")
//!     .album_artist("Norah Jones")
//!     .album_title("Come Away with Me")
//!     .track_number(3)
//!     .title("Cold Cold Heart")
//!     .duration_secs(218)
//!     .rating(Rating::from_stars(3).unwrap())
//!     .build()?;
//! let text = d.to_string(); // hand this to SetDescription
//!
//! // …parse one from the queue…
//! let back: Descriptor = text.parse()?;
//! assert_eq!(back, d);
//!
//! // …and check the local file name given to AddFile.
//! validate::local_name(r"C:\Users\Pat\Music\Norah Jones - Cold Cold Heart.mp3")?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Strict grammar
//!
//! ```text
//! descriptor   = "::" kind ":" version ":" service-id ":" provider ":"
//!                album-artist ":" album-title ":" track ":" title ":"
//!                duration ":" rating
//! kind         = "WMP_JOB" / "WMP_STATUS"
//! version      = "1"
//! service-id   = nonzero-dec                     ; <= 4294967295
//! provider     = 1*255 (any char but ":" "\" Cc)
//! album-artist = *(any char but ":" Cc)           ; album-title, title alike
//! track        = "" / nonzero-dec                 ; <= 4294967295
//! duration     = "" / "0" / nonzero-dec           ; <= 4294967295
//! rating       = "" / "0" / nonzero-dec           ; <= 99
//! nonzero-dec  = %x31-39 *DIGIT
//! ```
//!
//! The whole string is at most 1,024 UTF-16 code units (BITS refuses a longer description
//! with `BG_E_STRING_TOO_LONG`, 0x80200021). An input over 3,072 bytes is refused before it is
//! scanned, since one UTF-16 code unit never takes more than three bytes of UTF-8.
//!
//! # Decisions where the Player's documentation is silent
//!
//! Each is a choice a careful reader of the documentation would make; the reason follows.
//!
//! - **No escape syntax.** Nothing documents how a `:` inside a field is written, so the
//!   Player cannot be assumed to unescape anything, and a strict descriptor never contains a
//!   separator inside a field. Caller text is either refused ([`TextPolicy::Reject`], the
//!   default, with an error naming the field and the character's position) or sanitised
//!   ([`TextPolicy::Sanitize`], [`validate::sanitize`]): `:` becomes U+FF1A FULLWIDTH COLON,
//!   which the Player displays readably, a C1 control that stands for a Windows-1252
//!   character becomes that character, and other control characters (and the bidirectional
//!   formatting characters the crate warns of) become spaces.
//!   Percent-encoding is not used: the Player would show `%3A` to the user. The provider is
//!   never sanitised, because it must match a registry key name exactly.
//! - **Control characters** (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) are never
//!   allowed in any field: a NUL would cut the string that BITS stores.
//! - **`serviceId`** is unsigned decimal without sign or leading zeros, `1..=4294967295`
//!   ([`ServiceId`] wraps a `NonZeroU32`). It identifies the store's service, not the job:
//!   the store's pages ask the Player for the service's downloads with it, so one id serves
//!   every job of a service. `ServiceId::random` (feature `getrandom`) draws one from
//!   `1..=2147483647` (31 random bits from the OS CSPRNG, the modern equivalent of the
//!   `CryptGenRandom` the documentation recommends), so the id reads the same whether the
//!   Player's script API, which takes a `long`, treats it as signed or unsigned. A larger id
//!   is legal but earns the validation warning `large_service_id`.
//! - **`TrackNumber`** is empty (unknown) or a decimal `1..=4294967295` without leading zeros.
//! - **Duration** is empty or whole seconds (the Player's `Duration` attribute is in seconds),
//!   a decimal `0..=4294967295` without leading zeros (`0` itself is allowed).
//! - **Rating** is empty or the Player's `UserRating` scale, `0..=99` without leading zeros
//!   ([`Rating`]); stars map to the values the Player writes and read back through its ranges.
//! - **Provider** is 1 to 255 UTF-16 code units (the registry's "characters"), with no `\`,
//!   `:` or control character; the other text fields may be empty.
//! - **Kind and version** are case-sensitive: `WMP_JOB` or `WMP_STATUS`, version `1`.
//! - **Strict parsing is canonical**: every string that the strict parser accepts renders back
//!   byte for byte, so a [`Descriptor`] is its text, and two are equal when their texts are.
//! - **The local file name** is checked as a Windows path on every platform, so that a Linux
//!   build server can check what a Windows client will use ([`validate::local_name`]).
//! - **`RefreshDownload` missing** means "not ensured", not "never": the documentation asks a
//!   store to create the value to ensure that the Player looks. The doctor reads a job as the
//!   Player does (see [`doctor`]).
//!
//! # Errors
//!
//! Every [`Error`] has a stable [`ErrorKind`] with a `snake_case` [code](Error::code), the
//! [`Field`] it concerns where one does, the byte span, and where it arose
//! ([`ErrorOrigin`]: a description, or a store's value). When several things are wrong with
//! a description, the first failing check in this order is reported: `too_long`,
//! `missing_prefix`, `unknown_kind`, `unsupported_version`, `field_count`, then the fields
//! from left to right. A token that is present but wrong gets that token's code (`::` alone
//! is `unknown_kind`, `::WMP_JOB:` is `unsupported_version`); a token that is absent because
//! the input ends before it is `field_count` (`::WMP_JOB`).
//!
//! | code | when |
//! |---|---|
//! | `too_long` | more than 1,024 UTF-16 code units |
//! | `missing_prefix` | the input does not start with `::` |
//! | `unknown_kind` | the token after `::` is not `WMP_JOB` or `WMP_STATUS` |
//! | `unsupported_version` | the version token is not `1` (including empty, `01`) |
//! | `field_count` | not exactly 10 `:`-separated fields after the leading `::` |
//! | `invalid_service_id` | not canonical decimal, or above 4294967295 |
//! | `zero_service_id` | the service id is `0` |
//! | `invalid_provider` | empty, over 255 UTF-16 code units, or holds `\` |
//! | `control_character` | a control character in a text field (provider included) |
//! | `separator_in_field` | a `:` in a store's text for a field (never in a description) |
//! | `invalid_track_number` | not empty and not canonical decimal 1..=4294967295 |
//! | `invalid_duration` | not empty and not canonical decimal 0..=4294967295 |
//! | `invalid_rating` | not empty and not canonical decimal 0..=99 |
//!
//! Within the provider, the first offending character is reported (`\` as
//! `invalid_provider`, a control as `control_character`) before its length.
//!
//! # How the crate is built
//!
//! Layers, each in its own folder or file, every one importing only those below it (a test
//! reads the sources to hold them to that): text and registry facts; the grammar
//! (`descriptor/`: the type, the rules of each field, the errors, strict and lenient parsing,
//! the classifier, the builder); the checks on the rest of a job ([`validate`]); the job and
//! file names ([`Job`], [`file_name`]); the doctor ([`doctor`], pure, over a snapshot); and
//! the operating system (`bits`, Windows only). Each rule has one home that every caller
//! uses: the strict parser, the builder, [`validate::text`] and lenient parsing all apply
//! the same field rules, and one [`ErrorKind`] names each rule's code, field and expected
//! text for every message.
//!
//! # Features
//!
//! - `std` (default): `std::error::Error` through `core::error::Error`. Without it the
//!   crate is `no_std` + `alloc`.
//! - `getrandom`: `ServiceId::random`, from the operating system's CSPRNG (a store draws its
//!   service id once, with this or with the program's `wmp-bits service-id`, and keeps it).
//! - `idna`: `validate::bits_url` writes a non-ASCII host in IDNA form (without it, it
//!   refuses one and names this feature).
//! - `serde`: `Serialize`/`Deserialize` for [`Descriptor`] (as its canonical string, read
//!   back through strict parsing), [`ServiceId`] and [`Rating`] (as numbers) and [`Kind`]
//!   (as its token), the doctor's [`Snapshot`](doctor::Snapshot) (as JSON-friendly plain
//!   data), and `Serialize` for a [`Diagnosis`](doctor::Diagnosis) and its problems.
//! - `bits` (Windows only): talk to the BITS service itself, and take the doctor's snapshot
//!   of the live queue.
//! - `schema`: `schemars::JsonSchema` for the snapshot (its schema is `snapshot.schema.json`).
//!
//! # Performance
//!
//! A [`Descriptor`] is one `String` holding the canonical text plus the separator offsets
//! and the numbers, parsed once: a successful parse allocates exactly once, a rejected input
//! never, rendering is a copy, and accessors slice.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
#![cfg_attr(not(all(windows, feature = "bits")), forbid(unsafe_code))]
#![cfg_attr(all(windows, feature = "bits"), deny(unsafe_code))]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

// Text and registry facts.
pub mod registry;
mod text;
// The grammar: the descriptor type, its rules, its errors, strict and lenient parsing, the
// classifier, the builder.
mod descriptor;
// The checks on the rest of a job: reports, local, remote and display names.
pub mod validate;
// The job and the file names.
pub mod file_name;
mod job;
// The diagnosis of a queue, over a snapshot.
pub mod doctor;
// The operating system: the BITS queue itself (Windows only).
#[cfg(all(windows, feature = "bits"))]
pub mod bits;

pub use descriptor::lenient;
#[cfg(feature = "getrandom")]
pub use descriptor::RandomError;
pub use descriptor::{
    BuildError, BuildErrorKind, Cut, Descriptor, DescriptorBuilder, Error, ErrorKind, ErrorOrigin,
    Field, Fitted, Kind, ParseError, ParseErrorKind, Rating, RatingRangeError, ServiceId,
    TextPolicy, ZeroServiceIdError,
};
pub use job::Job;

/// The README's examples, compiled and run as documentation tests.
#[cfg(all(doctest, feature = "getrandom"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
