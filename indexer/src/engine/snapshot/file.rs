//! The snapshot's file: a header, a table of sections and the sections, each with its own
//! CRC-32, so that several threads can read and check sections at once (positioned reads into
//! buffers of their own) and a damaged byte anywhere is found before it is used.
//!
//! ```text
//! magic (8) · format u32 · taxonomy fingerprint u64 · feed watermark i64 · sections n u32
//! n × (offset u64 · length u64 · CRC-32 u32) · CRC-32 of everything before it
//! section 0 · section 1 · …
//! ```

use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"CMSNAPv\0";
const FIXED: usize = 8 + 4 + 8 + 8 + 4;
const ENTRY: usize = 8 + 8 + 4;

fn bad(what: &str) -> Error {
    Error::Snapshot(what.to_string())
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// What the header says besides the sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// The encoding's version.
    pub(super) format: u32,
    /// The taxonomy the rows' bit positions refer to.
    pub(super) fingerprint: u64,
    /// Every change up to this feed sequence is in the snapshot.
    pub(super) watermark: i64,
}

/// Writes the sections as the file `path`: beside it first, then renamed over it, so a reader
/// sees the old file or the new one, never a part.
pub(super) fn write(path: &Path, stamp: Stamp, sections: &[Vec<u8>]) -> Result<()> {
    let tmp = PathBuf::from(format!("{}.{}.tmp", path.display(), std::process::id()));
    let io = |what: &str| Error::io(format!("{what} {}", tmp.display()));
    let mut head = Vec::with_capacity(FIXED + ENTRY * sections.len() + 4);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&stamp.format.to_le_bytes());
    head.extend_from_slice(&stamp.fingerprint.to_le_bytes());
    head.extend_from_slice(&stamp.watermark.to_le_bytes());
    head.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut offset = (FIXED + ENTRY * sections.len() + 4) as u64;
    for s in sections {
        head.extend_from_slice(&offset.to_le_bytes());
        head.extend_from_slice(&(s.len() as u64).to_le_bytes());
        head.extend_from_slice(&crc32fast::hash(s).to_le_bytes());
        offset += s.len() as u64;
    }
    let crc = crc32fast::hash(&head);
    head.extend_from_slice(&crc.to_le_bytes());
    let file = File::create(&tmp).map_err(io("creating"))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(&head).map_err(io("writing"))?;
    for s in sections {
        out.write_all(s).map_err(io("writing"))?;
    }
    let file = out
        .into_inner()
        .map_err(|e| Error::io(format!("writing {}", tmp.display()))(e.into_error()))?;
    file.sync_all().map_err(io("syncing"))?;
    std::fs::rename(&tmp, path).map_err(Error::io(format!("renaming to {}", path.display())))?;
    Ok(())
}

/// An open snapshot file whose header and table were checked.
pub(super) struct Sections {
    file: File,
    pub(super) stamp: Stamp,
    /// (offset, length, CRC-32) of each section.
    table: Vec<(u64, u64, u32)>,
}

impl Sections {
    /// Opens a file and checks its header: magic, the table's checksum, and that every section
    /// lies inside the file. The format and fingerprint are the caller's to judge.
    pub(super) fn open(path: &Path) -> Result<Sections> {
        let file = File::open(path).map_err(Error::io(format!("opening {}", path.display())))?;
        let len = file
            .metadata()
            .map_err(Error::io(format!("reading {}", path.display())))?
            .len();
        let mut fixed = [0u8; FIXED];
        if len < FIXED as u64 || file.read_exact_at(&mut fixed, 0).is_err() {
            return Err(bad("is too short to be a snapshot"));
        }
        if &fixed[..8] != MAGIC {
            return Err(bad("is not a caremap snapshot"));
        }
        let n = u32_at(&fixed, 28) as usize;
        let head_len = FIXED + ENTRY * n + 4;
        if head_len as u64 > len {
            return Err(bad("is damaged (its table runs past the end)"));
        }
        let mut head = vec![0u8; head_len];
        file.read_exact_at(&mut head, 0)
            .map_err(Error::io(format!("reading {}", path.display())))?;
        if crc32fast::hash(&head[..head_len - 4]) != u32_at(&head, head_len - 4) {
            return Err(bad("is damaged (its header's checksum differs)"));
        }
        let table: Vec<(u64, u64, u32)> = (0..n)
            .map(|i| {
                let at = FIXED + ENTRY * i;
                (
                    u64_at(&head, at),
                    u64_at(&head, at + 8),
                    u32_at(&head, at + 16),
                )
            })
            .collect();
        if table
            .iter()
            .any(|(o, l, _)| o.checked_add(*l).is_none_or(|end| end > len))
        {
            return Err(bad("is damaged (a section runs past the end)"));
        }
        let stamp = Stamp {
            format: u32_at(&head, 8),
            fingerprint: u64_at(&head, 12),
            watermark: u64_at(&head, 20) as i64,
        };
        Ok(Sections { file, stamp, table })
    }

    /// Number of sections.
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// Reads section `i` into `buf` (reusing its memory) and checks its checksum.
    pub(super) fn read(&self, i: usize, buf: &mut Vec<u8>) -> Result<()> {
        let (offset, len, crc) = self.table[i];
        buf.clear();
        buf.resize(len as usize, 0);
        self.file
            .read_exact_at(buf, offset)
            .map_err(|e| Error::Snapshot(format!("section {i} unreadable: {e}")))?;
        if crc32fast::hash(buf) != crc {
            return Err(Error::Snapshot(format!(
                "is damaged (section {i}'s checksum differs)"
            )));
        }
        Ok(())
    }
}
