//! Hands one download to Windows Media Player through BITS, as a store does.
//!
//! ```text
//! cargo run --example submit --features bits -- 3 'Cold Cold Heart' https://downloads.proseware.example/t/3.wma
//! ```
//!
//! The service id comes from the store's configuration, never from a fresh draw: it names
//! the store's service, and the store's pages ask the Player for the service's downloads
//! with it. A store draws it once, when it is set up (`wmp-bits service-id`, or
//! `ServiceId::random` in its installer), keeps it, and writes the same value on every
//! job; a fresh id per job splits its downloads into collections nobody asks for.
//!
//! Makes the description, a safe local name in the Player's own layout (a folder an album,
//! so that two albums' `01 Intro` are two files) and the job, checks them, and on Windows
//! (with the `bits` feature) creates the album's folder and submits the job; elsewhere it
//! prints what it would submit.

use std::process::ExitCode;

use wmp_bits::file_name::{rip_layout_name_for, Extension};
use wmp_bits::{Descriptor, Job, Kind, ServiceId, TextPolicy};

/// What a store keeps in its configuration, read at start-up. The service id was drawn
/// once, when the store was set up, and is the same on every job.
struct StoreConfig {
    service_id: ServiceId,
    provider: &'static str,
    download_folder: &'static str,
}

/// This example's store (a real store reads its settings file or registry key).
const STORE: StoreConfig = StoreConfig {
    service_id: match ServiceId::new(987_654_321) {
        Some(id) => id,
        None => panic!("a service id is never 0"),
    },
    provider: "Proseware",
    download_folder: r"C:\Users\Public\Music",
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [track, title, url] = &args[..] else {
        eprintln!("usage: submit TRACK TITLE URL");
        return ExitCode::from(2);
    };
    let Ok(track) = track.parse::<u32>() else {
        eprintln!("submit: TRACK must be a number 1..=4294967295, not {track:?}");
        return ExitCode::from(2);
    };

    let descriptor = match Descriptor::builder(Kind::Job, STORE.service_id, STORE.provider)
        .album_artist("Norah Jones")
        .album_title("Come Away with Me")
        .track_number(track)
        .title(title)
        .text_policy(TextPolicy::Sanitize)
        .build()
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("submit: {e}");
            return ExitCode::FAILURE;
        }
    };
    // `download_folder\Norah Jones\Come Away with Me\NN Title.wma`; `local_name_for` would
    // put every album's tracks in `download_folder` itself, where titles collide.
    let local = match rip_layout_name_for(STORE.download_folder, &descriptor, Extension::Wma) {
        Ok(local) => local,
        Err(e) => {
            eprintln!("submit: {e}");
            return ExitCode::FAILURE;
        }
    };
    let job = Job::new(url.as_str(), local, descriptor);
    let report = job.check();
    for problem in report.problems() {
        eprintln!("{problem}");
    }
    if !report.is_ok() {
        return ExitCode::FAILURE;
    }
    submit(&job)
}

#[cfg(all(windows, feature = "bits"))]
fn submit(job: &Job) -> ExitCode {
    use wmp_bits::bits::Queue;

    // BITS needs the file's folder to exist.
    if let Some(folder) = std::path::Path::new(job.local_name()).parent() {
        if let Err(e) = std::fs::create_dir_all(folder) {
            eprintln!("submit: cannot create {}: {e}", folder.display());
            return ExitCode::FAILURE;
        }
    }
    match Queue::connect().and_then(|queue| queue.submit(job)) {
        Ok(id) => {
            println!("queued {id}: {}", job.description());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("submit: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(all(windows, feature = "bits")))]
fn submit(job: &Job) -> ExitCode {
    println!("CreateJob       {}", job.display_name());
    println!(
        "AddFile         {} -> {}",
        job.remote_url(),
        job.local_name()
    );
    println!("SetDescription  {}", job.description());
    eprintln!("submitting needs Windows and the `bits` feature: cargo run --example submit --features bits");
    ExitCode::from(2)
}
