//! [`Snapshot`]: the plain data of a BITS queue and of the two registry places the Player
//! reads, as the doctor needs it; and its JSON form (feature `serde`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "serde")]
use ::serde::{Deserialize, Serialize};

/// What the doctor knows of one machine: the user whose Player looks at the queue, the
/// `RefreshDownload` switch, the installed stores, and the jobs in the queue.
///
/// Every field that can be unknown is an `Option`, and `None` means unknown, except for
/// [`refresh_download`](Self::refresh_download), where `None` means that the value does not
/// exist (so nothing ensures that the Player looks at the queue). Any text is a valid snapshot: the doctor says what
/// is wrong with it. Take one from the live queue with `bits::Queue::snapshot` (Windows,
/// feature `bits`), or build one:
///
/// ```
/// use wmp_bits::doctor::{JobState, Snapshot, SnapshotFile, SnapshotJob};
///
/// let mut job = SnapshotJob::new(
///     "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}",
///     "::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
/// );
/// job.state = Some(JobState::Transferring);
/// job.files = Some(vec![SnapshotFile::new(
///     "https://downloads.proseware.example/3.mp3",
///     r"C:\Users\Pat\Music\Cold Cold Heart.mp3",
/// )]);
/// let mut snapshot = Snapshot::default();
/// snapshot.refresh_download = Some(1);
/// snapshot.jobs.push(job);
/// assert!(wmp_bits::doctor::diagnose(&snapshot).is_ok());
/// ```
///
/// # JSON
///
/// With the `serde` feature, a snapshot travels as JSON, so that a queue exported on one
/// machine can be diagnosed on another. Its JSON Schema is `snapshot.schema.json` in the
/// crate's folder (generated from these types with the `schema` feature). Fields that are `None` are left out; `null` reads as
/// `None` too; a field the snapshot does not have is refused (a misspelt name would
/// otherwise read as unknown):
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use wmp_bits::doctor::{JobState, JobType, Snapshot};
///
/// let snapshot: Snapshot = serde_json::from_str(r#"{
///     "user": "PC\\Pat", "refresh_download": 1, "installed_providers": ["Proseware"],
///     "jobs": [{"id": "{6B2F…}", "display_name": "Norah Jones - Cold Cold Heart",
///               "description": "::WMP_JOB:1:42:Proseware::::::",
///               "type": "download", "state": "transferring", "owner": "PC\\Pat",
///               "error": null,
///               "files": [{"remote_name": "https://downloads.proseware.example/3.mp3",
///                          "local_name": "C:\\Users\\Pat\\Music\\3.mp3"}]}]
/// }"#)?;
/// assert_eq!(snapshot.jobs[0].job_type, Some(JobType::Download));
/// assert_eq!(snapshot.jobs[0].state, Some(JobState::Transferring));
/// assert_eq!(snapshot.jobs[0].error, None);
///
/// let mut minimal = Snapshot::default();
/// minimal.refresh_download = Some(0);
/// assert_eq!(serde_json::to_string(&minimal)?, r#"{"refresh_download":0,"jobs":[]}"#);
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "What the doctor knows of one machine: the user whose Player looks at the queue, the RefreshDownload switch, the installed stores, and every job in the BITS queue. A field left out (or null) is unknown, except refresh_download, where it means that the value does not exist."
    )
)]
#[non_exhaustive]
pub struct Snapshot {
    /// The user whose Player looks at the queue (`PC\Pat`, as Windows writes an account
    /// name); `None` when unknown, which skips the owner check.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub user: Option<String>,
    /// The `REG_DWORD` value `RefreshDownload` under
    /// `HKEY_CURRENT_USER\Software\Microsoft\MediaPlayer\Services`; `None` when the value
    /// does not exist (or is not a `REG_DWORD`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub refresh_download: Option<u32>,
    /// The names of the keys under `HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions` (the
    /// installed stores); `None` when unknown, which skips the provider check. An empty
    /// list means that no store is installed.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub installed_providers: Option<Vec<String>>,
    /// The jobs in the queue, every one of them (the doctor tells the Player's from the
    /// others by their description).
    pub jobs: Vec<SnapshotJob>,
}

/// One job in a [`Snapshot`], as BITS describes it.
///
/// Only [`id`](Self::id) and [`description`](Self::description) are always known; `None`
/// in any other field means unknown, and skips the checks that need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "One job in the BITS queue, as BITS describes it; only id and description are always known."
    )
)]
#[non_exhaustive]
pub struct SnapshotJob {
    /// The job's id, as BITS writes it (`{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}`); taken as
    /// text, and only shown.
    pub id: String,
    /// The job's display name (`IBackgroundCopyJob::GetDisplayName`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub display_name: Option<String>,
    /// The job's description (`IBackgroundCopyJob::GetDescription`), exactly as BITS holds
    /// it: the text the Player reads.
    pub description: String,
    /// Download, upload or upload-reply (`GetType`); `"type"` in JSON.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "type", default, skip_serializing_if = "Option::is_none")
    )]
    pub job_type: Option<JobType>,
    /// The job's state (`GetState`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub state: Option<JobState>,
    /// The account that owns the job (`GetOwner`, as an account name such as `PC\Pat`, or
    /// the SID's text when the account has no name).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub owner: Option<String>,
    /// What BITS says of the job's error (`GetError`), with its `HRESULT`:
    /// `0x80190194: the server answered with HTTP status 404`; `None` when the job has no
    /// error, or it is unknown.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub error: Option<String>,
    /// The job's files (`EnumFiles`), in BITS' order.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub files: Option<Vec<SnapshotFile>>,
    /// How far the transfer is (`GetProgress`), in bytes; `None` when unknown.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub progress: Option<Progress>,
}

/// How far a job's transfer is, in bytes, as `IBackgroundCopyJob::GetProgress` gives it.
///
/// ```
/// use wmp_bits::doctor::Progress;
/// let p = Progress::new(512, Some(2048));
/// assert_eq!(p.bytes_transferred, 512);
/// assert_eq!(p.bytes_total, Some(2048));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "How far a job's transfer is, in bytes (IBackgroundCopyJob::GetProgress)."
    )
)]
#[non_exhaustive]
pub struct Progress {
    /// The bytes transferred so far, over every file of the job.
    pub bytes_transferred: u64,
    /// The bytes to transfer in all; `None` while BITS does not know the size yet
    /// (`BG_SIZE_UNKNOWN`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub bytes_total: Option<u64>,
}

impl Progress {
    /// `bytes_transferred` of `bytes_total` (`None`: the size is not known yet).
    ///
    /// ```
    /// let p = wmp_bits::doctor::Progress::new(0, None);
    /// assert_eq!(p.bytes_total, None);
    /// ```
    #[must_use]
    pub const fn new(bytes_transferred: u64, bytes_total: Option<u64>) -> Progress {
        Progress {
            bytes_transferred,
            bytes_total,
        }
    }
}

impl SnapshotJob {
    /// A job of which only the id and the description are known.
    ///
    /// ```
    /// let job = wmp_bits::doctor::SnapshotJob::new("{6B2F…}", "::WMP_JOB:1:42:Proseware::::::");
    /// assert_eq!(job.description, "::WMP_JOB:1:42:Proseware::::::");
    /// assert_eq!((job.state, job.files), (None, None));
    /// ```
    #[must_use]
    pub fn new(id: impl Into<String>, description: impl Into<String>) -> SnapshotJob {
        SnapshotJob {
            id: id.into(),
            description: description.into(),
            ..SnapshotJob::default()
        }
    }
}

/// One file of a [`SnapshotJob`]: the names given to `IBackgroundCopyJob::AddFile`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(
    feature = "schema",
    schemars(description = "One file of a job: the names given to IBackgroundCopyJob::AddFile.")
)]
#[non_exhaustive]
pub struct SnapshotFile {
    /// The remote name (`IBackgroundCopyFile::GetRemoteName`): the URL or UNC path.
    pub remote_name: String,
    /// The local name (`IBackgroundCopyFile::GetLocalName`): the full path the file goes to.
    pub local_name: String,
}

impl SnapshotFile {
    /// The file `remote_name` → `local_name`.
    ///
    /// ```
    /// let file = wmp_bits::doctor::SnapshotFile::new("https://example.com/1.mp3", r"C:\m\1.mp3");
    /// assert_eq!(file.local_name, r"C:\m\1.mp3");
    /// ```
    #[must_use]
    pub fn new(remote_name: impl Into<String>, local_name: impl Into<String>) -> SnapshotFile {
        SnapshotFile {
            remote_name: remote_name.into(),
            local_name: local_name.into(),
        }
    }
}

/// The type of a BITS job (`BG_JOB_TYPE`); the Player takes only downloads.
///
/// In JSON: `"download"`, `"upload"` or `"upload_reply"` ([`as_str`](Self::as_str)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "The type of a BITS job (BG_JOB_TYPE); the Player takes only downloads."
    )
)]
#[non_exhaustive]
pub enum JobType {
    /// Downloads files (`BG_JOB_TYPE_DOWNLOAD`).
    Download,
    /// Uploads one file (`BG_JOB_TYPE_UPLOAD`).
    Upload,
    /// Uploads one file and receives a reply (`BG_JOB_TYPE_UPLOAD_REPLY`).
    UploadReply,
}

impl JobType {
    /// The name, as in JSON.
    ///
    /// ```
    /// use wmp_bits::doctor::JobType;
    /// assert_eq!(JobType::UploadReply.as_str(), "upload_reply");
    /// assert_eq!(JobType::Download.to_string(), "download");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            JobType::Download => "download",
            JobType::Upload => "upload",
            JobType::UploadReply => "upload_reply",
        }
    }
}

impl fmt::Display for JobType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of a BITS job (`BG_JOB_STATE`): the nine that BITS documents.
///
/// In JSON, the state in snake case ([`as_str`](Self::as_str)). BITS has had exactly
/// these nine states since its first version, so there is no catch-all variant for others:
/// should BITS ever report another, `bits::Queue` says so in an error
/// (`undocumented_value`) rather than invent a name for it that JSON would have to carry.
/// The enum is `#[non_exhaustive]` so that a state BITS documents one day can be added.
///
/// ```
/// use wmp_bits::doctor::JobState;
/// assert_eq!(JobState::TransientError.as_str(), "transient_error");
/// assert_eq!(JobState::Transferred.to_string(), "transferred");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(
    feature = "schema",
    schemars(description = "The state of a BITS job (BG_JOB_STATE).")
)]
#[non_exhaustive]
pub enum JobState {
    /// Waiting for its turn (`BG_JOB_STATE_QUEUED`).
    Queued,
    /// Connecting to the server (`BG_JOB_STATE_CONNECTING`).
    Connecting,
    /// Transferring data (`BG_JOB_STATE_TRANSFERRING`).
    Transferring,
    /// Suspended, by its owner or because it was never resumed
    /// (`BG_JOB_STATE_SUSPENDED`).
    Suspended,
    /// Stopped by an error that BITS will not retry on its own
    /// (`BG_JOB_STATE_ERROR`).
    Error,
    /// Stopped by an error that BITS will retry (`BG_JOB_STATE_TRANSIENT_ERROR`).
    TransientError,
    /// Every file transferred; waiting to be completed
    /// (`BG_JOB_STATE_TRANSFERRED`).
    Transferred,
    /// Completed (`BG_JOB_STATE_ACKNOWLEDGED`).
    Acknowledged,
    /// Cancelled (`BG_JOB_STATE_CANCELLED`).
    Cancelled,
}

impl JobState {
    /// Every state, in BITS' order (`BG_JOB_STATE` 0 to 8).
    ///
    /// ```
    /// use wmp_bits::doctor::JobState;
    /// assert_eq!(JobState::ALL.len(), 9);
    /// assert_eq!(JobState::ALL[4], JobState::Error);
    /// ```
    pub const ALL: [JobState; 9] = [
        JobState::Queued,
        JobState::Connecting,
        JobState::Transferring,
        JobState::Suspended,
        JobState::Error,
        JobState::TransientError,
        JobState::Transferred,
        JobState::Acknowledged,
        JobState::Cancelled,
    ];

    /// The name, in snake case, as in JSON.
    ///
    /// ```
    /// use wmp_bits::doctor::JobState;
    /// assert_eq!(JobState::Queued.as_str(), "queued");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Connecting => "connecting",
            JobState::Transferring => "transferring",
            JobState::Suspended => "suspended",
            JobState::Error => "error",
            JobState::TransientError => "transient_error",
            JobState::Transferred => "transferred",
            JobState::Acknowledged => "acknowledged",
            JobState::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
