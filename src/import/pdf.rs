//! `.pdf`: the text layer, best effort. Each page's content stream is
//! walked for its text operators (`lopdf` decodes the fonts' encodings
//! and `/ToUnicode` maps); a move down starts a line, a gap wider than a
//! line or a change of font size starts a passage. Arabic stored in drawn
//! order is put back in reading order ([`super::visual`]), presentation
//! forms become plain letters ([`crate::text::plain_letters`]). A PDF with
//! pages but no text is a scan: it needs OCR first.
//!
//! Everything `lopdf` inflates (object streams, page contents, `/ToUnicode`
//! maps) is bounded by the `import-size` limit.

use super::visual::{self, Order};
use super::{Extracted, Refusal, metadata_date, squeeze};
use lopdf::content::Content;
use lopdf::{Document, Encoding, LoadOptions, Object};
use std::collections::BTreeMap;

/// A line of text as drawn.
#[derive(Debug, Clone)]
struct Line {
    /// Its baseline, in text space (larger is higher on the page).
    y: f32,
    /// Its font size, scaled by the text matrix.
    size: f32,
    /// Its text, in stream order.
    text: String,
    /// Whether it starts a page.
    page_start: bool,
}

/// The text layer of a PDF; `cap` bounds what any stream inflates to.
pub fn extract(bytes: &[u8], cap: usize) -> Result<Extracted, Refusal> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(Refusal::damaged("PDF", "it does not start with %PDF-"));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(cap),
        ..LoadOptions::default()
    };
    // lopdf is meant to return errors on bad input; a panic on a damaged
    // file is still a refusal, not the end of the session.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(bytes, options))
        .map_err(|_| Refusal::damaged("PDF", "it could not be parsed"))?;
    let doc = match loaded {
        Ok(doc) => doc,
        Err(e) if e.to_string().to_lowercase().contains("password") => return Err(encrypted()),
        Err(e) => return Err(Refusal::damaged("PDF", e)),
    };
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err(encrypted());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Refusal::damaged("PDF", "it has no pages"));
    }
    let mut warnings = Vec::new();
    let mut lines = Vec::new();
    for (n, id) in &pages {
        let page =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| page_lines(&doc, *id, cap)))
                .unwrap_or_else(|_| Err("it could not be parsed".into()));
        match page {
            Ok(mut got) => {
                if let Some(first) = got.first_mut() {
                    first.page_start = true;
                }
                lines.extend(got);
            }
            Err(why) => warnings.push(format!("page {n} was skipped: {why}")),
        }
    }
    lines.retain(|l| !l.text.trim().is_empty());
    if lines.is_empty() {
        return Err(Refusal::new(
            "no text layer: run OCR first",
            "this PDF holds images of text (a scan); run it through OCR (e.g. `ocrmypdf -l ara+eng in.pdf out.pdf`) and import the result",
        ));
    }
    match visual::order(lines.iter().map(|l| l.text.as_str())) {
        Order::Logical => {}
        Order::Visual => {
            for l in &mut lines {
                if crate::text::has_arabic(&l.text) {
                    l.text = visual::to_logical(&l.text);
                }
            }
        }
        Order::Unsure => warnings.push(
            "its Arabic may be stored in drawn (visual) order, and the clues do not settle it: check that the imported text reads right"
                .into(),
        ),
    }
    for l in &mut lines {
        l.text = squeeze(&crate::text::plain_letters(&l.text));
    }
    let (title, date) = info(&doc);
    Ok(Extracted {
        passages: paragraphs(&lines),
        title,
        date,
        warnings,
    })
}

fn encrypted() -> Refusal {
    Refusal::new(
        "this PDF is encrypted and needs a password",
        "open it with its password and print or save it to a PDF without one, then import that",
    )
}

/// The title and creation date of the document information dictionary.
fn info(doc: &Document) -> (Option<String>, Option<String>) {
    let Some(dict) = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }) else {
        return (None, None);
    };
    let text = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| squeeze(&crate::text::plain_letters(&s)))
            .filter(|s| !s.is_empty())
    };
    (
        text(b"Title"),
        text(b"CreationDate").as_deref().and_then(metadata_date),
    )
}

/// Passages from lines: a new one at each page, where the gap to the line
/// above is wider than about one and a half lines, where the text moves up
/// (a new column) and where the font size changes (a heading). A line
/// that is only a short number (a page number) is dropped.
fn paragraphs(lines: &[Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev: Option<&Line> = None;
    for line in lines {
        if line.text.chars().count() <= 4 && line.text.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let new = match prev {
            None => true,
            Some(p) => {
                let gap = p.y - line.y;
                let size = p.size.max(line.size).max(1.0);
                line.page_start
                    || gap <= 0.0
                    || gap > 1.7 * size
                    || (p.size - line.size).abs() > 0.15 * p.size.max(1.0)
            }
        };
        if new && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line.text);
        prev = Some(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The text matrix state of a content stream, as far as lines need it.
struct Walk<'a> {
    /// Text matrix and text line matrix: `[a b c d e f]`.
    tm: [f32; 6],
    tlm: [f32; 6],
    leading: f32,
    font_size: f32,
    encoding: Option<&'a Encoding<'a>>,
    lines: Vec<Line>,
    current: Option<Line>,
}

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

impl<'a> Walk<'a> {
    fn size(&self) -> f32 {
        (self.font_size * self.tm[3].abs().max(self.tm[0].abs())).max(0.1)
    }

    /// The text position moved: a new line when it moved up or down.
    fn moved(&mut self, tx: f32) {
        let y = self.tm[5];
        let size = self.size();
        match &mut self.current {
            Some(l) if (l.y - y).abs() <= 0.3 * size => {
                // Same line, further along: a word gap if it jumped.
                if tx.abs() > 0.0 && !l.text.ends_with(' ') {
                    l.text.push(' ');
                }
            }
            _ => self.start_line(),
        }
    }

    fn start_line(&mut self) {
        if let Some(l) = self.current.take() {
            self.lines.push(l);
        }
        self.current = Some(Line {
            y: self.tm[5],
            size: self.size(),
            text: String::new(),
            page_start: false,
        });
    }

    fn translate(&mut self, tx: f32, ty: f32) {
        let m = self.tlm;
        self.tlm[4] = tx * m[0] + ty * m[2] + m[4];
        self.tlm[5] = tx * m[1] + ty * m[3] + m[5];
        self.tm = self.tlm;
        self.moved(tx);
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(encoding) = self.encoding else {
            return;
        };
        let Ok(text) = Document::decode_text(encoding, bytes) else {
            return;
        };
        if self.current.is_none() {
            self.start_line();
        }
        if let Some(l) = &mut self.current {
            l.text.push_str(&text.replace(['\n', '\r'], " "));
        }
    }

    fn finish(mut self) -> Vec<Line> {
        if let Some(l) = self.current.take() {
            self.lines.push(l);
        }
        self.lines
    }
}

/// The lines of one page.
fn page_lines(doc: &Document, page: lopdf::ObjectId, cap: usize) -> Result<Vec<Line>, String> {
    let fonts = doc.get_page_fonts(page).map_err(|e| e.to_string())?;
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| {
            font.get_font_encoding_with_limit(doc, cap)
                .ok()
                .map(|e| (name, e))
        })
        .collect();
    let content = doc
        .get_page_content_with_limit(page, cap)
        .map_err(|e| e.to_string())?;
    let content = Content::decode(&content).map_err(|e| e.to_string())?;
    let mut w = Walk {
        tm: IDENTITY,
        tlm: IDENTITY,
        leading: 0.0,
        font_size: 0.0,
        encoding: None,
        lines: Vec::new(),
        current: None,
    };
    let num = |o: Option<&Object>| o.and_then(|o| o.as_float().ok()).unwrap_or(0.0);
    for op in &content.operations {
        let args = &op.operands;
        match op.operator.as_str() {
            "BT" => {
                w.tm = IDENTITY;
                w.tlm = IDENTITY;
            }
            "Tf" => {
                w.encoding = args
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| encodings.get(n));
                w.font_size = num(args.get(1));
            }
            "TL" => w.leading = num(args.first()),
            "Td" => w.translate(num(args.first()), num(args.get(1))),
            "TD" => {
                w.leading = -num(args.get(1));
                w.translate(num(args.first()), num(args.get(1)));
            }
            "Tm" if args.len() == 6 => {
                let mut m = IDENTITY;
                for (slot, a) in m.iter_mut().zip(args) {
                    *slot = a.as_float().unwrap_or(0.0);
                }
                w.tm = m;
                w.tlm = m;
                w.moved(1.0);
            }
            "T*" => w.translate(0.0, -w.leading),
            "Tj" => {
                if let Some(Ok(s)) = args.first().map(Object::as_str) {
                    w.show(s);
                }
            }
            "'" | "\"" => {
                w.translate(0.0, -w.leading);
                let at = if op.operator == "'" { 0 } else { 2 };
                if let Some(Ok(s)) = args.get(at).map(Object::as_str) {
                    w.show(s);
                }
            }
            "TJ" => {
                for item in args
                    .first()
                    .and_then(|a| a.as_array().ok())
                    .into_iter()
                    .flatten()
                {
                    match item {
                        Object::String(s, _) => w.show(s),
                        // A kerning wider than a quarter em is a word gap.
                        other => {
                            if other.as_float().is_ok_and(|n| n < -250.0)
                                && let Some(l) = &mut w.current
                                && !l.text.ends_with(' ')
                            {
                                l.text.push(' ');
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(w.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f32, size: f32, text: &str) -> Line {
        Line {
            y,
            size,
            text: text.into(),
            page_start: false,
        }
    }

    #[test]
    fn lines_join_into_paragraphs_at_gaps_and_size_changes() {
        let lines = [
            line(700.0, 18.0, "A heading"),
            line(670.0, 11.0, "First line of"),
            line(656.0, 11.0, "a paragraph."),
            line(630.0, 11.0, "Second paragraph."),
            line(40.0, 11.0, "3"),
        ];
        assert_eq!(
            paragraphs(&lines),
            [
                "A heading",
                "First line of a paragraph.",
                "Second paragraph."
            ]
        );
    }

    #[test]
    fn not_a_pdf_is_damaged() {
        let e = extract(b"hello", 1 << 20).unwrap_err();
        assert!(e.what.contains("damaged"), "{e:?}");
        let e = extract(b"%PDF-1.4\n garbage", 1 << 20).unwrap_err();
        assert!(e.what.contains("damaged"), "{e:?}");
    }
}
