//! `.docx`: the paragraphs and headings of `word/document.xml`, the title
//! and creation date of `docProps/core.xml`.
//!
//! A DOCX is a zip archive, and a zip can hold a bomb: a few kilobytes
//! that inflate to gigabytes, or millions of entries. Before anything is
//! inflated, the entry count, and each part's compressed and declared
//! uncompressed sizes, are checked; the part is then read through a limit,
//! since a declared size can lie.

use super::{Extracted, Refusal, metadata_date, squeeze};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{Cursor, Read};
use zip::ZipArchive;
use zip::result::ZipError;

/// Most entries a DOCX may have (Word writes a dozen or two).
const MAX_ENTRIES: usize = 10_000;
/// Largest `docProps/core.xml` read (it holds a few fields).
const MAX_CORE_BYTES: usize = 1024 * 1024;
/// Compound File Binary: what an encrypted DOCX (or an old `.doc`) is.
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The paragraphs of a Word document; `cap` bounds what one part may
/// inflate to.
pub fn extract(bytes: &[u8], cap: usize) -> Result<Extracted, Refusal> {
    if bytes.starts_with(CFB_MAGIC) {
        return Err(Refusal::new(
            "this is an encrypted (password-protected) Word file, or an old .doc",
            "open it in Word, remove the password (File › Info › Protect Document) and save it as .docx",
        ));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| Refusal::damaged("DOCX", e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(bomb(format!(
            "it holds {} parts, over the {MAX_ENTRIES} a Word file may have",
            zip.len()
        )));
    }
    let body = part(&mut zip, "word/document.xml", cap, bytes.len())?
        .ok_or_else(|| Refusal::damaged("DOCX", "it has no word/document.xml"))?;
    let core = part(&mut zip, "docProps/core.xml", MAX_CORE_BYTES, bytes.len())?;
    let (paragraphs, title_style) = paragraphs(&body)?;
    let (core_title, created) = core.as_deref().map(core_fields).unwrap_or_default();
    let title = title_style.or(core_title);
    let mut passages: Vec<String> = paragraphs;
    if let Some(t) = &title
        && passages.first() != Some(t)
    {
        passages.insert(0, t.clone());
    }
    Ok(Extracted {
        passages,
        title,
        date: created.as_deref().and_then(metadata_date),
        warnings: Vec::new(),
    })
}

fn bomb(what: String) -> Refusal {
    Refusal::new(
        format!("this DOCX is refused: {what}"),
        "it is not an ordinary Word file (a zip bomb?); if you trust it, open it in Word and save it again",
    )
}

/// The part `name`, read within `cap` bytes; `None` if there is none.
fn part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    cap: usize,
    archive_len: usize,
) -> Result<Option<String>, Refusal> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
            return Err(Refusal::new(
                "this DOCX is encrypted",
                "open it in Word, remove the password and save it again",
            ));
        }
        Err(e) => return Err(Refusal::damaged("DOCX", e)),
    };
    if entry.encrypted() {
        return Err(Refusal::new(
            "this DOCX is encrypted",
            "open it in Word, remove the password and save it again",
        ));
    }
    if entry.compressed_size() > archive_len as u64 {
        return Err(Refusal::damaged(
            "DOCX",
            format!("{name} claims to be larger than the file"),
        ));
    }
    if entry.size() > cap as u64 {
        return Err(bomb(format!(
            "{name} inflates to {} bytes, over the import-size limit of {cap}",
            entry.size()
        )));
    }
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::damaged("DOCX", format!("{name}: {e}")))?;
    if bytes.len() > cap {
        return Err(bomb(format!(
            "{name} inflates past the import-size limit of {cap} bytes (more than it declares)"
        )));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Refusal::damaged("DOCX", format!("{name} is not UTF-8")))
}

/// Every non-empty paragraph (`w:p`) of the body, and the first one styled
/// as the title (`Title`, else the first `Heading1`).
fn paragraphs(xml: &str) -> Result<(Vec<String>, Option<String>), Refusal> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut title, mut heading) = (None, None);
    let mut current = String::new();
    let mut style = String::new();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Refusal::damaged("DOCX", format!("word/document.xml: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() as &str {
                "w:p" => {
                    current.clear();
                    style.clear();
                }
                "w:t" => in_text = true,
                "w:tab" => current.push(' '),
                "w:br" | "w:cr" => current.push('\n'),
                "w:pStyle" => {
                    if let Ok(Some(v)) = e.try_get_attribute("w:val") {
                        style = v.value.into_owned();
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let entity = format!("&{};", &*r);
                if let Ok(c) = quick_xml::escape::unescape(&entity) {
                    current.push_str(&c);
                }
            }
            Event::End(e) => match e.name().as_ref() as &str {
                "w:t" => in_text = false,
                "w:p" => {
                    let lines: Vec<String> = current
                        .split('\n')
                        .map(squeeze)
                        .filter(|l| !l.is_empty())
                        .collect();
                    if !lines.is_empty() {
                        let text = lines.join("\n");
                        let s = style.to_ascii_lowercase();
                        if s == "title" && title.is_none() {
                            title = Some(text.replace('\n', " "));
                        } else if (s == "heading1" || s == "heading 1") && heading.is_none() {
                            heading = Some(text.replace('\n', " "));
                        }
                        out.push(text);
                    }
                    current.clear();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((out, title.or(heading)))
}

/// `dc:title` and `dcterms:created` of `docProps/core.xml`.
fn core_fields(xml: &str) -> (Option<String>, Option<String>) {
    let mut reader = Reader::from_str(xml);
    let (mut title, mut created) = (None, None);
    let mut at: Option<&'static str> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                at = match e.name().as_ref() as &str {
                    "dc:title" => Some("title"),
                    "dcterms:created" => Some("created"),
                    _ => None,
                }
            }
            Event::Text(t) => {
                let text = squeeze(&t.xml10_content());
                match at {
                    Some("title") if !text.is_empty() => title = Some(text),
                    Some("created") if !text.is_empty() => created = Some(text),
                    _ => {}
                }
            }
            Event::End(_) => at = None,
            Event::Eof => break,
            _ => {}
        }
    }
    (title, created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_styles_and_entities() {
        let xml = r#"<w:document><w:body>
            <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Ports &amp; harbours</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">First </w:t></w:r><w:r><w:t>part</w:t><w:tab/><w:t>tabbed</w:t></w:r></w:p>
            <w:p></w:p>
            <w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t><w:delText>deleted</w:delText></w:r></w:p>
        </w:body></w:document>"#;
        let (paras, title) = paragraphs(xml).unwrap();
        assert_eq!(
            paras,
            [
                "Ports & harbours",
                "First part tabbed",
                "Line one\nline two"
            ]
        );
        assert_eq!(title.as_deref(), Some("Ports & harbours"));
    }

    #[test]
    fn core_properties() {
        let xml = r#"<cp:coreProperties><dc:title>Report</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-14T09:00:00Z</dcterms:created></cp:coreProperties>"#;
        assert_eq!(
            core_fields(xml),
            (Some("Report".into()), Some("2024-03-14T09:00:00Z".into()))
        );
    }

    #[test]
    fn not_a_zip_is_damaged_and_cfb_is_encrypted() {
        let e = extract(b"hello", 1 << 20).unwrap_err();
        assert!(e.what.contains("damaged"), "{e:?}");
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend([0; 100]);
        assert!(
            extract(&cfb, 1 << 20)
                .unwrap_err()
                .what
                .contains("encrypted")
        );
    }
}
