//! `.html` and `.htm`: the article's main content only. The page is
//! decoded in the encoding it declares (a byte-order mark, else
//! `<meta charset>` or the `http-equiv` Content-Type; Windows-1256 and
//! ISO-8859-6 are common for Arabic pages), then a readability extractor
//! (`dom_smoothie`, a port of Mozilla's Readability) keeps the article and
//! drops navigation, headers, footers, share buttons and banners. Each
//! heading, paragraph, list item or quote of what is left is a passage.

use super::{Extracted, Refusal, metadata_date, squeeze};
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Deepest element nesting, and most elements, handed to the readability
/// extractor, whose scoring grows faster than the page on deep trees (a
/// thousand nested `<div>`s take it many seconds); real press pages nest
/// some 30 deep and hold a few thousand elements. A page past either is
/// read by the plain walk below, which is linear.
const READABLE_DEPTH: usize = 256;
const READABLE_ELEMENTS: usize = 50_000;

/// Most work the HTML parser may be given, as the sum over start tags of
/// how deeply each is nested ([`nesting_cost`]): html5ever checks the open
/// elements at each tag, so a page of N nested tags costs it N² steps. A
/// press page costs some 10⁴–10⁵; the cap lets through pages a hundred
/// times larger or deeper than any press release.
const MAX_NESTING_COST: u64 = 30_000_000;

/// How far into the page a charset declaration is looked for (the HTML
/// standard says 1024 bytes; pages with long `<head>`s put it later).
const PRESCAN_BYTES: usize = 4096;

/// Elements whose text is never part of the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "svg", "iframe", "select", "input", "textarea", "head", "title", "meta", "link",
];

/// Elements that start and end a passage.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "main",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "hr",
    "address",
];

/// The article of a web page.
pub fn extract(bytes: &[u8]) -> Result<Extracted, Refusal> {
    let cost = nesting_cost(bytes);
    if cost > MAX_NESTING_COST {
        return Err(Refusal::new(
            format!(
                "this page nests its elements too deeply to read (a parsing cost of {cost}, over {MAX_NESTING_COST})"
            ),
            "save the article's text as a .txt file and import that",
        ));
    }
    let mut warnings = Vec::new();
    let html = decode(bytes, &mut warnings);
    let config = Config {
        // Short press releases are articles too.
        char_threshold: 200,
        max_elements_to_parse: READABLE_ELEMENTS,
        ..Config::default()
    };
    let doc = Document::from(html.as_str());
    let article = if shallow(&doc) {
        Readability::with_document(doc, None, Some(config))
            .ok()
            .and_then(|mut r| r.parse().ok())
    } else {
        None
    };
    let (mut passages, title, date) = match article {
        Some(a) => (
            passages_of(&Document::from(a.content.to_string())),
            Some(squeeze(&a.title)).filter(|t| !t.is_empty()),
            a.published_time.as_deref().and_then(metadata_date),
        ),
        None => {
            // Too little text for readability to score: the body, less
            // what is never article text.
            warnings.push("no article found: the page's body text was taken".into());
            let doc = Document::from(html.as_str());
            let title = squeeze(&doc.select("title").text());
            (
                passages_of(&doc),
                Some(title).filter(|t| !t.is_empty()),
                None,
            )
        }
    };
    if let Some(t) = &title
        && passages.first() != Some(t)
    {
        passages.insert(0, t.clone());
    }
    if passages.is_empty() {
        return Err(Refusal::new(
            "this page has no article text",
            "save the page again from the browser (\"Save page as… HTML\"), or copy its text into a .txt file",
        ));
    }
    Ok(Extracted {
        passages,
        title,
        date,
        warnings,
    })
}

/// The page as text, in the encoding it declares.
fn decode(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    let declared = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]));
    let encoding = match declared {
        // A page cannot be UTF-16 and declare it in ASCII: the standard
        // reads such a declaration as UTF-8.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
            if Encoding::for_bom(bytes).is_some() {
                e
            } else {
                UTF_8
            }
        }
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => {
            warnings.push(
                "no charset declared and not UTF-8: read as windows-1252; if the letters look wrong, add <meta charset=\"…\"> to the page"
                    .into(),
            );
            WINDOWS_1252
        }
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        warnings.push(format!(
            "some bytes are not valid {}: they became \u{FFFD}",
            used.name()
        ));
    }
    text.into_owned()
}

/// The encoding a `<meta charset="…">` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` in `head` names, if encoding_rs knows it.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
                let rest = rest.strip_prefix(b"'").unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .collect();
                if let Some(e) = Encoding::for_label(&label) {
                    return Some(e);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

/// The sum, over the start tags of `page`, of how many elements are open
/// there: a linear scan of the bytes that bounds the parser's work before
/// it starts. Void elements open nothing; the text of scripts, styles and
/// comments is skipped; an unclosed `<p>` or `<li>` counts as open, so the
/// figure errs high.
fn nesting_cost(page: &[u8]) -> u64 {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr",
    ];
    let (mut depth, mut cost, mut at) = (0u64, 0u64, 0usize);
    while let Some(found) = memchr::memchr(b'<', &page[at..]) {
        let start = at + found + 1;
        at = start;
        match page.get(start) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'!') if page[start..].starts_with(b"!--") => {
                at = find(&page[start..], b"-->").map_or(page.len(), |e| start + e);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name: Vec<u8> = page[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .map(u8::to_ascii_lowercase)
                    .collect();
                if name == b"script" || name == b"style" {
                    let mut close = b"</".to_vec();
                    close.extend_from_slice(&name);
                    let lower_rest = &page[start..];
                    at = find_ci(lower_rest, &close).map_or(page.len(), |e| start + e);
                } else if !VOID.contains(&name.as_slice()) {
                    depth += 1;
                    cost = cost.saturating_add(depth);
                }
            }
            _ => {}
        }
    }
    cost
}

/// Where `needle` (lowercase ASCII) first occurs in `hay`, any case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The passages under `doc`: each block's text, its lines squeezed.
fn passages_of(doc: &Document) -> Vec<String> {
    let mut blocks = Blocks::default();
    walk(&doc.root(), &mut blocks);
    blocks.flush();
    blocks.passages
}

#[derive(Default)]
struct Blocks {
    passages: Vec<String>,
    current: String,
}

impl Blocks {
    fn flush(&mut self) {
        let lines: Vec<String> = self
            .current
            .split('\n')
            .map(squeeze)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            self.passages.push(lines.join("\n"));
        }
        self.current.clear();
    }
}

/// Whether `doc` nests no deeper than [`READABLE_DEPTH`] (counted without
/// recursion, so a hostile page cannot exhaust the stack here).
fn shallow(doc: &Document) -> bool {
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > READABLE_DEPTH {
            return false;
        }
        stack.extend(node.children().into_iter().map(|c| (c, depth + 1)));
    }
    true
}

/// Every text under `root` into `out`, a passage per block, in document
/// order; an explicit stack rather than recursion, whatever the nesting.
fn walk(root: &NodeRef, out: &mut Blocks) {
    enum Visit<'a> {
        Enter(NodeRef<'a>),
        Leave,
    }
    let mut stack: Vec<Visit> = root
        .children()
        .into_iter()
        .rev()
        .map(Visit::Enter)
        .collect();
    while let Some(visit) = stack.pop() {
        let node = match visit {
            Visit::Leave => {
                out.flush();
                continue;
            }
            Visit::Enter(node) => node,
        };
        if node.is_text() {
            // Source line breaks are spaces; only <br> breaks a line.
            out.current.push_str(&node.text().replace('\n', " "));
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if SKIPPED.contains(&name.as_str()) || hidden(&node) {
            continue;
        }
        if name == "br" {
            out.current.push('\n');
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            out.flush();
            stack.push(Visit::Leave);
        }
        stack.extend(node.children().into_iter().rev().map(Visit::Enter));
    }
}

/// Whether an element is not shown (`hidden`, `aria-hidden`, `display:
/// none`): a page's hidden text is not what its reader reads.
fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || node.attr("style").is_some_and(|s| {
            let s: String = s
                .split_whitespace()
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_are_found_in_meta_tags() {
        let name = |head: &[u8]| declared_charset(head).map(|e| e.name());
        assert_eq!(
            name(b"<meta charset=\"windows-1256\">"),
            Some("windows-1256")
        );
        assert_eq!(
            name(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-6\">"),
            Some("ISO-8859-6")
        );
        assert_eq!(name(b"<meta name=x><meta charset='utf-8'/>"), Some("UTF-8"));
        assert_eq!(name(b"<meta charset=nonsense>"), None);
        assert_eq!(name(b"<p>charset=windows-1256</p>"), None);
    }

    #[test]
    fn nesting_is_priced_before_parsing() {
        let flat = "<p>a</p><br><img src=x>".repeat(1000);
        assert_eq!(nesting_cost(flat.as_bytes()), 1000);
        let script = "<script>if (a<b && c<d) {}</script><p>x</p>";
        assert_eq!(nesting_cost(script.as_bytes()), 1);
        let deep = format!("{}{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
        assert_eq!(nesting_cost(deep.as_bytes()), 10_000 * 10_001 / 2);
        assert!(
            extract(deep.as_bytes())
                .unwrap_err()
                .what
                .contains("too deeply")
        );
    }

    #[test]
    fn windows_1256_is_decoded_from_its_meta_tag() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("الأمم المتحدة");
        let mut page = b"<html><head><meta charset=windows-1256></head><body><p>".to_vec();
        page.extend_from_slice(&bytes);
        page.extend_from_slice(b"</p></body></html>");
        let mut warnings = Vec::new();
        assert!(decode(&page, &mut warnings).contains("الأمم المتحدة"));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn blocks_become_passages_and_chrome_is_dropped() {
        let doc = Document::from(
            "<body><nav>Home | News</nav><h2>A  heading</h2><p>First <b>bold</b>\nline.<br>Second line.</p>\
             <script>var x = 1;</script><p style=\"display: none\">hidden</p><ul><li>One</li><li>Two</li></ul>\
             <footer>© 2024</footer></body>",
        );
        assert_eq!(
            passages_of(&doc),
            ["A heading", "First bold line.\nSecond line.", "One", "Two"]
        );
    }
}
