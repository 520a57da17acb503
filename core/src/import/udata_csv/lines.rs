//! Line numbers of CSV records, for the messages about rejected rows.

/// Computes the 1-based line where a record starts from its byte offset.
///
/// `csv::Position::line()` cannot be used: after a CRLF record terminator the reader
/// stops at the `\r`, so the next record's position is taken before its `\n` is
/// counted, and every record after the first reports one line too few.
pub(super) struct LineCounter<'a> {
    pub(super) bytes: &'a [u8],
    /// How many bytes have been scanned for newlines.
    pub(super) counted: usize,
    /// The line at byte `counted`.
    pub(super) line: u64,
}

impl LineCounter<'_> {
    pub(super) fn line_of(&mut self, offset: u64) -> u64 {
        // The offset may point at the end of the previous record's terminator, or at
        // skipped empty lines: the record starts at the first other byte.
        let mut start = usize::try_from(offset).unwrap_or(usize::MAX);
        while let Some(b'\r' | b'\n') = self.bytes.get(start) {
            start += 1;
        }
        if let Some(scanned) = self.bytes.get(self.counted..start) {
            let newlines = scanned.iter().filter(|&&b| b == b'\n').count();
            self.line += newlines as u64;
            self.counted = start;
        }
        self.line
    }
}
