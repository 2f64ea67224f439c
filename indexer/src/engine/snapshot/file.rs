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

/// Writes a snapshot section by section as the file `path`: beside it first, then renamed over
/// it, so a reader sees the old file or the new one, never a part. The number of sections is
/// known at the start; the header and the table, written last, go in the room kept for them at
/// the front. Sections can thus be written while later ones are still being encoded.
pub(super) struct SectionWriter {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
    stamp: Stamp,
    count: usize,
    /// (offset, length, CRC-32) of each section written so far.
    table: Vec<(u64, u64, u32)>,
    offset: u64,
}

impl SectionWriter {
    /// Starts the file of `count` sections.
    pub(super) fn create(path: &Path, stamp: Stamp, count: usize) -> Result<SectionWriter> {
        let tmp = PathBuf::from(format!("{}.{}.tmp", path.display(), std::process::id()));
        let file = File::create(&tmp).map_err(Error::io(format!("creating {}", tmp.display())))?;
        Ok(SectionWriter {
            path: path.to_path_buf(),
            tmp,
            file: Some(file),
            stamp,
            count,
            table: Vec::with_capacity(count),
            offset: (FIXED + ENTRY * count + 4) as u64,
        })
    }

    fn io(&self, what: &str) -> impl FnOnce(std::io::Error) -> Error {
        Error::io(format!("{what} {}", self.tmp.display()))
    }

    /// Appends the next section.
    pub(super) fn push(&mut self, section: &[u8]) -> Result<()> {
        if self.table.len() == self.count {
            return Err(bad("has more sections than announced"));
        }
        let Some(file) = &self.file else {
            return Err(bad("was already finished"));
        };
        file.write_all_at(section, self.offset)
            .map_err(self.io("writing"))?;
        let len = section.len() as u64;
        self.table
            .push((self.offset, len, crc32fast::hash(section)));
        self.offset += len;
        Ok(())
    }

    /// Writes the header and the table, makes the file durable and puts it in place.
    pub(super) fn finish(mut self) -> Result<()> {
        if self.table.len() != self.count {
            return Err(bad("has fewer sections than announced"));
        }
        let mut head = Vec::with_capacity(FIXED + ENTRY * self.count + 4);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&self.stamp.format.to_le_bytes());
        head.extend_from_slice(&self.stamp.fingerprint.to_le_bytes());
        head.extend_from_slice(&self.stamp.watermark.to_le_bytes());
        head.extend_from_slice(&(self.count as u32).to_le_bytes());
        for (offset, len, crc) in &self.table {
            head.extend_from_slice(&offset.to_le_bytes());
            head.extend_from_slice(&len.to_le_bytes());
            head.extend_from_slice(&crc.to_le_bytes());
        }
        let crc = crc32fast::hash(&head);
        head.extend_from_slice(&crc.to_le_bytes());
        let Some(file) = self.file.take() else {
            return Err(bad("was already finished"));
        };
        file.write_all_at(&head, 0).map_err(self.io("writing"))?;
        file.sync_all().map_err(self.io("syncing"))?;
        std::fs::rename(&self.tmp, &self.path)
            .map_err(Error::io(format!("renaming to {}", self.path.display())))?;
        Ok(())
    }
}

impl Drop for SectionWriter {
    /// A file left unfinished (an error on the way) is removed.
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const STAMP: Stamp = Stamp {
        format: 7,
        fingerprint: 0xfeed,
        watermark: 42,
    };

    fn read_all(path: &Path) -> (Stamp, Vec<Vec<u8>>) {
        let s = Sections::open(path).unwrap();
        let sections = (0..s.len())
            .map(|i| {
                let mut buf = Vec::new();
                s.read(i, &mut buf).unwrap();
                buf
            })
            .collect();
        (s.stamp, sections)
    }

    #[test]
    fn sections_written_one_by_one_read_back_with_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snap");
        let mut out = SectionWriter::create(&path, STAMP, 3).unwrap();
        for s in [&b"meta"[..], b"", b"rows rows rows"] {
            out.push(s).unwrap();
        }
        out.finish().unwrap();
        let (stamp, sections) = read_all(&path);
        assert_eq!(stamp, STAMP);
        assert_eq!(
            sections,
            vec![b"meta".to_vec(), vec![], b"rows rows rows".to_vec()]
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no file left beside"
        );
    }

    #[test]
    fn a_short_or_abandoned_file_never_replaces_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snap");
        let mut out = SectionWriter::create(&path, STAMP, 1).unwrap();
        out.push(b"old").unwrap();
        out.finish().unwrap();

        let mut short = SectionWriter::create(&path, STAMP, 2).unwrap();
        short.push(b"new").unwrap();
        assert!(short.push(b"new").is_ok());
        assert!(short.push(b"one too many").is_err());
        drop(short);
        let mut short = SectionWriter::create(&path, STAMP, 2).unwrap();
        short.push(b"new").unwrap();
        assert!(short.finish().is_err());
        let abandoned = SectionWriter::create(&path, STAMP, 1).unwrap();
        drop(abandoned);

        assert_eq!(read_all(&path).1, vec![b"old".to_vec()]);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no file left beside"
        );
    }
}
