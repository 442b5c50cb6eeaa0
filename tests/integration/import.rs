//! `coopdash import`: press-release pages in English and Arabic (one in
//! Windows-1256 with only a `<meta>` charset), a DOCX and PDFs made here
//! with the zip and lopdf crates, an image-only PDF, damaged files and a
//! zip bomb. What is imported holds every article paragraph and none of
//! the page's chrome; what is refused leaves the workspace byte for byte.
//!
//! The HTML fixtures are in tests/fixtures/import/; every binary fixture
//! is generated below. The Arabic PDF is made the way older generators
//! write Arabic: presentation forms in drawn (visual) order, a Type0 font
//! whose `/ToUnicode` map gives each glyph its character. It carries no
//! font program (a viewer substitutes one): its text layer is what import
//! reads.

use super::support::{self, coopdash, stderr, stdout};
use lopdf::dictionary;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Every file of the workspace but `.coopdash/` (the curation lock), by
/// path, with its bytes.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            if rel.starts_with(".coopdash") {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn import(ws: &Path, args: &[&str]) -> Output {
    coopdash()
        .arg("-w")
        .arg(ws)
        .arg("import")
        .args(args)
        .output()
        .unwrap()
}

/// A document written into a folder of its own (not the workspace).
fn doc(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

/// The imported source's text, by the id printed.
fn imported(ws: &Path, out: &Output) -> (String, String) {
    assert!(out.status.success(), "{}{}", stdout(out), stderr(out));
    let line = stdout(out);
    let id = line
        .strip_prefix("imported ")
        .and_then(|l| l.split(' ').next())
        .unwrap_or_else(|| panic!("no id in {line:?}"))
        .to_string();
    let text = std::fs::read_to_string(ws.join("seeds").join(format!("{id}.txt"))).unwrap();
    (id, text)
}

fn passages(text: &str) -> Vec<&str> {
    text.trim_end().split("\n\n").collect()
}

fn refused(ws: &Path, args: &[&str], says: &str) {
    let before = files(ws);
    let out = import(ws, args);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(says),
        "expected «{says}» in: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(files(ws) == before, "the workspace changed: {args:?}");
}

const EN_PARAGRAPHS: [&str; 8] = [
    "INTERPOL and UNODC launch joint programme on maritime crime",
    "LYON, France, 21 May 2024 – INTERPOL and the United Nations Office on Drugs and Crime (UNODC) today launched a joint programme to help coastal States investigate piracy, armed robbery at sea and trafficking of people and goods by sea.",
    "The three-year programme will train port authorities, coast guards and police in forty countries, and will connect their national central bureaus to INTERPOL databases on stolen vessels and wanted persons.",
    "Sharing information across borders",
    "“Criminals at sea exploit the gaps between jurisdictions,” said the INTERPOL Secretary General. “By bringing maritime agencies into our global network, we close those gaps and make the oceans safer for all.”",
    "The UNODC Global Maritime Crime Programme will provide legal advice on prosecuting maritime offences, while INTERPOL will deploy specialized teams to support investigations when a vessel is seized.",
    "Training for investigators in evidence collection at sea.",
    "The programme is funded by voluntary contributions from Member States and forms part of the wider cooperation between the United Nations and INTERPOL on transnational organized crime.",
];

const EN_CHROME: [&str; 11] = [
    "cookies",
    "Newsroom",
    "Contact us",
    "Share on",
    "Email this story",
    "Related news",
    "online fraud",
    "All rights reserved",
    "Privacy policy",
    "gtag",
    "display: flex",
];

const AR_PARAGRAPHS: [&str; 6] = [
    "الأمم المتحدة والإنتربول تعززان التعاون في مكافحة الجريمة السيبرية",
    "نيويورك، ٨ تشرين الثاني/نوفمبر ٢٠٢٣ – اتفقت الأمم المتحدة والمنظمة الدولية للشرطة الجنائية (الإنتربول) اليوم على توسيع تعاونهما في مكافحة الجريمة السيبرية، ولا سيما الاحتيال الإلكتروني وبرمجيات الفدية التي تستهدف المستشفيات والمدارس.",
    "وسيعمل مكتب الأمم المتحدة المعني بالمخدرات والجريمة مع الإنتربول على تدريب المحققين في الدول الأعضاء على جمع الأدلة الرقمية وتبادلها عبر الحدود بسرعة وأمان.",
    "تبادل المعلومات",
    "وقال الأمين العام للإنتربول إن المجرمين لا يعترفون بالحدود، وإن الرد الفعال يتطلب أن تتبادل أجهزة الشرطة المعلومات في الوقت المناسب وبالاستناد إلى القانون الدولي وحقوق الإنسان.",
    "ويشمل البرنامج الجديد إنشاء شبكة من نقاط الاتصال الوطنية المتاحة على مدار الساعة، وتطوير أدوات مشتركة لتحليل العملات المشفرة التي تستخدمها الشبكات الإجرامية.",
];

const AR_CHROME: [&str; 9] = [
    "ملفات تعريف الارتباط",
    "الصفحة الرئيسية",
    "اتصل بنا",
    "شارك على",
    "واتساب",
    "أخبار ذات صلة",
    "جميع الحقوق محفوظة",
    "سياسة الخصوصية",
    "analytics",
];

fn fixture(name: &str) -> PathBuf {
    support::root().join("tests/fixtures/import").join(name)
}

fn check_extraction(text: &str, paragraphs: &[&str], chrome: &[&str]) {
    let got = passages(text);
    for p in paragraphs {
        assert!(got.contains(p), "missing paragraph «{p}» in:\n{text}");
    }
    for c in chrome {
        assert!(!text.contains(c), "page chrome «{c}» imported:\n{text}");
    }
}

#[test]
fn an_english_press_release_keeps_its_article_only() {
    let ws = support::seed_copy();
    let page = fixture("en-press.html");
    let out = import(ws.path(), &[page.to_str().unwrap()]);
    let (id, text) = imported(ws.path(), &out);
    check_extraction(&text, &EN_PARAGRAPHS, &EN_CHROME);
    assert_eq!(
        passages(&text)[0],
        EN_PARAGRAPHS[0],
        "the title comes first"
    );
    assert!(stdout(&out).contains("«INTERPOL and UNODC launch joint programme on maritime crime»"));
    // The dateline's date, the script's language, registered in themes.yaml.
    assert!(stdout(&out).contains("2024-05-21, en"), "{}", stdout(&out));
    let ws_loaded = coopdash::workspace::load(ws.path()).expect("check passes");
    let source = ws_loaded.sources.iter().find(|s| s.id == id).unwrap();
    assert_eq!(source.date.as_deref(), Some("2024-05-21"));
    assert_eq!(source.lang.as_deref(), Some("en"));
    assert_eq!(source.passages.len(), passages(&text).len());
}

#[test]
fn an_arabic_press_release_keeps_its_article_only() {
    let ws = support::seed_copy();
    let page = fixture("ar-press.html");
    let out = import(ws.path(), &[page.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let item = &json[0];
    assert_eq!(item["ok"], true);
    assert_eq!(item["lang"], "ar");
    assert_eq!(item["date"], "2023-11-08");
    assert_eq!(item["passages"], 6);
    assert_eq!(item["title"], AR_PARAGRAPHS[0]);
    let id = item["id"].as_str().unwrap();
    let text = std::fs::read_to_string(ws.path().join("seeds").join(format!("{id}.txt"))).unwrap();
    check_extraction(&text, &AR_PARAGRAPHS, &AR_CHROME);
}

#[test]
fn a_windows_1256_page_is_read_in_the_charset_its_meta_tag_names() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    // The Arabic page saved in Windows-1256, saying so only in <meta>.
    let utf8 = std::fs::read_to_string(fixture("ar-press.html")).unwrap();
    let page = utf8.replace(
        "<meta charset=\"utf-8\">",
        "<meta charset=\"windows-1256\">",
    );
    // Arabic-Indic digits and the en dash are not in Windows-1256: the
    // page writes them as the site would, as Latin digits and a hyphen.
    let page: String = page
        .chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '–' => '-',
            c => c,
        })
        .collect();
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1256.encode(&page);
    assert!(!lossy, "the page fits Windows-1256");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8"
    );
    let path = doc(dir.path(), "cp1256.html", &bytes);
    let out = import(ws.path(), &[&path]);
    let (_, text) = imported(ws.path(), &out);
    let mut paragraphs: Vec<String> = AR_PARAGRAPHS.iter().map(|p| p.to_string()).collect();
    paragraphs[1] = paragraphs[1]
        .replace("٨", "8")
        .replace("٢٠٢٣", "2023")
        .replace('–', "-");
    let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    check_extraction(&text, &paragraphs, &AR_CHROME);
    assert!(!text.contains('\u{FFFD}'));
}

/// A DOCX as Word writes one, in memory: `[Content_Types].xml`,
/// `word/document.xml` (a Title, a heading, paragraphs, a tab, a line
/// break), `docProps/core.xml`.
fn docx(paragraphs: &[(&str, &str)], created: &str) -> Vec<u8> {
    let mut body = String::new();
    for (style, text) in paragraphs {
        body.push_str("<w:p>");
        if !style.is_empty() {
            body.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
        }
        for (i, run) in text.split('\t').enumerate() {
            if i > 0 {
                body.push_str("<w:r><w:tab/></w:r>");
            }
            let run = run
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            body.push_str(&format!(
                "<w:r><w:t xml:space=\"preserve\">{run}</w:t></w:r>"
            ));
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>Old template title</dc:title><dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created></cp:coreProperties>"
    );
    zip_of(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
    ])
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn a_word_file_gives_its_paragraphs_and_headings() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    let bytes = docx(
        &[
            ("Title", "Joint statement on border security"),
            (
                "",
                "GENEVA, 3 February 2025 – The United Nations and INTERPOL agreed to share biometric data standards.",
            ),
            ("Heading1", "Next steps"),
            (
                "",
                "Experts will meet\tquarterly & report to both Secretaries-General.",
            ),
            ("", ""),
        ],
        "2025-01-30T10:00:00Z",
    );
    let path = doc(dir.path(), "statement.docx", &bytes);
    let out = import(ws.path(), &[&path]);
    let (id, text) = imported(ws.path(), &out);
    assert_eq!(id, "joint-statement-on-border-security");
    assert_eq!(
        passages(&text),
        [
            "Joint statement on border security",
            "GENEVA, 3 February 2025 – The United Nations and INTERPOL agreed to share biometric data standards.",
            "Next steps",
            "Experts will meet quarterly & report to both Secretaries-General.",
        ]
    );
    // The dateline wins over the file's creation date.
    assert!(stdout(&out).contains("2025-02-03, en"), "{}", stdout(&out));
}

#[test]
fn a_zip_bomb_docx_is_refused_before_it_inflates() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    // 8 MiB of one repeated paragraph deflates to a few kilobytes.
    let para = "<w:p><w:r><w:t>bomb</w:t></w:r></w:p>".repeat(8 * 1024 * 1024 / 36);
    let document = format!("<w:document><w:body>{para}</w:body></w:document>");
    let bomb = zip_of(&[("word/document.xml", document.as_bytes())]);
    assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
    let path = doc(dir.path(), "bomb.docx", &bomb);
    refused(ws.path(), &[&path, "--max", "import-size=1M"], "zip bomb");
    // Too many parts.
    let names: Vec<String> = (0..10_001).map(|i| format!("p/{i}")).collect();
    let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let path = doc(dir.path(), "many.docx", &zip_of(&parts));
    refused(ws.path(), &[&path], "10001 parts");
}

/// A one-page PDF drawing `lines` (`y`, font size, the bytes of the
/// string in `font`'s encoding), with `font` as F1 and an Info dictionary.
fn pdf(
    font: lopdf::Dictionary,
    extra: Vec<(lopdf::Object, lopdf::Object)>,
    lines: &[(i64, i64, Vec<u8>)],
) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, StringFormat};
    let mut d = Document::with_version("1.5");
    let pages_id = d.new_object_id();
    let mut font = font;
    for (k, v) in extra {
        let id = d.add_object(v);
        if let Object::Name(k) = k {
            font.set(k, id);
        }
    }
    let font_id = d.add_object(font);
    let resources = d.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut ops = Vec::new();
    for (y, size, text) in lines {
        ops.push(Operation::new("BT", vec![]));
        ops.push(Operation::new("Tf", vec!["F1".into(), (*size).into()]));
        ops.push(Operation::new("Td", vec![72.into(), (*y).into()]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::String(text.clone(), StringFormat::Hexadecimal)],
        ));
        ops.push(Operation::new("ET", vec![]));
    }
    let content = d.add_object(Stream::new(
        dictionary! {},
        Content { operations: ops }.encode().unwrap(),
    ));
    let page = d.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    d.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = d.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    d.trailer.set("Root", catalog);
    let info = d.add_object(dictionary! {
        "Title" => Object::string_literal("Untitled"),
        "CreationDate" => Object::string_literal("D:20240601120000Z"),
    });
    d.trailer.set("Info", info);
    let mut out = Vec::new();
    d.save_to(&mut out).unwrap();
    out
}

#[test]
fn an_english_pdf_gives_its_text_layer_in_paragraphs() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    };
    let lines = [
        (760, 16, "Cooperation against cybercrime"),
        (730, 11, "The United Nations and INTERPOL will"),
        (716, 11, "train cybercrime investigators together."),
        (690, 11, "A second paragraph follows the gap."),
        (40, 11, "1"),
    ];
    let lines: Vec<(i64, i64, Vec<u8>)> = lines
        .iter()
        .map(|(y, s, t)| (*y, *s, t.as_bytes().to_vec()))
        .collect();
    let path = doc(dir.path(), "en.pdf", &pdf(font, vec![], &lines));
    let out = import(ws.path(), &[&path]);
    let (_, text) = imported(ws.path(), &out);
    assert_eq!(
        passages(&text),
        [
            "Cooperation against cybercrime",
            "The United Nations and INTERPOL will train cybercrime investigators together.",
            "A second paragraph follows the gap.",
        ]
    );
    // The Info title "Untitled" is the metadata's; the creation date too.
    assert!(
        stdout(&out).contains("«Untitled», 2024-06-01, en"),
        "{}",
        stdout(&out)
    );
}

/// `line` as a visual-order PDF stores it: shaped into presentation
/// forms, then in the order drawn (right to left runs reversed).
fn drawn(line: &str) -> String {
    use unicode_bidi::{BidiInfo, Level};
    let shaped = ar_reshaper::reshape_line(line);
    let info = BidiInfo::new(&shaped, Some(Level::rtl()));
    let para = &info.paragraphs[0];
    info.reorder_line(para, para.range.clone()).into_owned()
}

#[test]
fn an_arabic_pdf_in_drawn_order_is_read_in_reading_order() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    let logical = [
        (760, 16, "التعاون بين الأمم المتحدة والإنتربول"),
        (
            730,
            11,
            "أعلنت الأمم المتحدة والإنتربول في عام 2024 عن برنامج مشترك",
        ),
        (716, 11, "لمكافحة الجريمة المنظمة عبر الحدود الوطنية."),
        (
            690,
            11,
            "ويشمل البرنامج تدريب المحققين وتبادل المعلومات بين الدول الأعضاء.",
        ),
    ];
    // Each character drawn gets a two-byte glyph code; /ToUnicode maps the
    // codes back to the characters (presentation forms).
    let mut codes: BTreeMap<char, u16> = BTreeMap::new();
    let lines: Vec<(i64, i64, Vec<u8>)> = logical
        .iter()
        .map(|(y, size, text)| {
            let seen = drawn(text);
            assert_eq!(
                coopdash::text::plain_letters(&seen.chars().rev().collect::<String>())
                    .chars()
                    .filter(|c| !c.is_ascii_digit())
                    .count(),
                text.chars().filter(|c| !c.is_ascii_digit()).count(),
                "shaping keeps every letter"
            );
            let mut bytes = Vec::new();
            for c in seen.chars() {
                let next = codes.len() as u16 + 1;
                let code = *codes.entry(c).or_insert(next);
                bytes.extend(code.to_be_bytes());
            }
            (*y, *size, bytes)
        })
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Coopdash def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    cmap.push_str(&format!("{} beginbfchar\n", codes.len()));
    for (c, code) in &codes {
        let mut utf16 = [0u16; 2];
        let units: String = c
            .encode_utf16(&mut utf16)
            .iter()
            .map(|u| format!("{u:04X}"))
            .collect();
        cmap.push_str(&format!("<{code:04X}> <{units}>\n"));
    }
    cmap.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    let tounicode = lopdf::Stream::new(dictionary! {}, cmap.into_bytes());
    let cid = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "DejaVuSans",
        "CIDSystemInfo" => dictionary! { "Registry" => lopdf::Object::string_literal("Adobe"), "Ordering" => lopdf::Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 500,
    };
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "DejaVuSans", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![lopdf::Object::Dictionary(cid)],
    };
    let bytes = pdf(
        font,
        vec![("ToUnicode".into(), lopdf::Object::Stream(tounicode))],
        &lines,
    );
    let path = doc(dir.path(), "ar.pdf", &bytes);
    let out = import(ws.path(), &[&path]);
    let (_, text) = imported(ws.path(), &out);
    assert_eq!(
        passages(&text),
        [
            "التعاون بين الأمم المتحدة والإنتربول",
            "أعلنت الأمم المتحدة والإنتربول في عام 2024 عن برنامج مشترك لمكافحة الجريمة المنظمة عبر الحدود الوطنية.",
            "ويشمل البرنامج تدريب المحققين وتبادل المعلومات بين الدول الأعضاء.",
        ],
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains(", ar"), "{}", stdout(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn refused_documents_leave_the_workspace_byte_for_byte() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    // A scan: one page, one image, no text.
    let image_only = {
        use lopdf::{Document, Object, Stream};
        let mut d = Document::with_version("1.5");
        let pages_id = d.new_object_id();
        let image = d.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0x80],
        ));
        let resources = d.add_object(dictionary! { "XObject" => dictionary! { "Im1" => image } });
        let content = d.add_object(Stream::new(
            dictionary! {},
            b"q 500 0 0 700 40 60 cm /Im1 Do Q".to_vec(),
        ));
        let page = d.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        d.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = d.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        d.trailer.set("Root", catalog);
        let mut out = Vec::new();
        d.save_to(&mut out).unwrap();
        out
    };
    let scan = doc(dir.path(), "scan.pdf", &image_only);
    refused(ws.path(), &[&scan], "no text layer: run OCR first");
    let damaged = doc(
        dir.path(),
        "broken.pdf",
        b"%PDF-1.7\n\x00\x01 this is not a PDF body",
    );
    refused(ws.path(), &[&damaged], "damaged");
    let real = docx(&[("", "A paragraph.")], "2024-01-01T00:00:00Z");
    let truncated = doc(dir.path(), "cut.docx", &real[..real.len() / 2]);
    refused(ws.path(), &[&truncated], "damaged");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend([0u8; 512]);
    let locked = doc(dir.path(), "locked.docx", &cfb);
    refused(ws.path(), &[&locked], "encrypted");
    let odt = doc(dir.path(), "notes.odt", b"PK\x03\x04");
    refused(ws.path(), &[&odt], "a .odt file is not a type import reads");
    let latin1 = doc(dir.path(), "latin1.txt", b"caf\xe9\n");
    refused(ws.path(), &[&latin1], "not valid UTF-8");
    let big = doc(dir.path(), "big.txt", &vec![b'a'; 3000]);
    refused(
        ws.path(),
        &[&big, "--max", "import-size=2K"],
        "larger than 2 KiB",
    );
    // Over a limit of the workspace: refused before anything is written.
    let page = fixture("en-press.html");
    refused(
        ws.path(),
        &[page.to_str().unwrap(), "--max", "passages=20"],
        "more than 20 passages",
    );
    // Refused by themes.yaml once the source file is written (a list it
    // cannot add to in place): the file is removed again.
    let themes = ws.path().join("themes.yaml");
    let yaml = std::fs::read_to_string(&themes).unwrap();
    std::fs::write(
        &themes,
        yaml.replacen("sources:\n", "sources: &listed\n", 1),
    )
    .unwrap();
    refused(ws.path(), &[page.to_str().unwrap()], "YAML anchor");
    std::fs::write(&themes, yaml).unwrap();
    // A URL is never fetched.
    let before = files(ws.path());
    let out = import(ws.path(), &["https://example.org/news.html"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("local files only"),
        "{}",
        stderr(&out)
    );
    assert!(files(ws.path()) == before);
}

#[test]
fn the_same_text_twice_is_refused_with_the_existing_id() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    let page = fixture("en-press.html");
    let (id, _) = imported(ws.path(), &import(ws.path(), &[page.to_str().unwrap()]));
    // The same page again, renamed: the text decides, not the file.
    let again = doc(dir.path(), "copy.htm", &std::fs::read(&page).unwrap());
    refused(ws.path(), &[&again], &format!("already imported as `{id}`"));
    // The bundled source, as a text file.
    let seed = std::fs::read(support::root().join("seeds/000_18db5c9e3ffd8243.txt")).unwrap();
    let copy = doc(dir.path(), "copy.txt", &seed);
    refused(
        ws.path(),
        &[&copy],
        "already imported as `un-interpol-2022`",
    );
    let out = import(ws.path(), &[&copy, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json[0]["existing"], "un-interpol-2022");
    // An id that is taken is refused too.
    let other = doc(dir.path(), "other.txt", b"Another title\n\nAnother text.\n");
    refused(ws.path(), &[&other, "--id", "cybercrime"], "already the id");
    let out = import(ws.path(), &[&other, "--id", "another"]);
    let (id, text) = imported(ws.path(), &out);
    assert_eq!(
        (id.as_str(), text.as_str()),
        ("another", "Another title\n\nAnother text.\n")
    );
}

#[test]
fn a_folder_imports_every_document_under_it() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("en-press.html"), dir.path().join("a.html")).unwrap();
    std::fs::create_dir(dir.path().join("week2")).unwrap();
    std::fs::copy(fixture("ar-press.html"), dir.path().join("week2/b.htm")).unwrap();
    std::fs::write(dir.path().join("picture.png"), b"\x89PNG").unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), b"Hidden\n").unwrap();
    let out = import(ws.path(), &[dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    let loaded = coopdash::workspace::load(ws.path()).expect("check passes");
    assert_eq!(loaded.sources.len(), 3);
}

#[test]
fn the_inbox_is_the_only_folder_read_over_serve() {
    use coopdash::import::Input;
    let ws = support::seed_copy();
    let limits = coopdash::workspace::Limits::default();
    let inbox = ws.path().join("inbox");
    std::fs::create_dir_all(inbox.join("week")).unwrap();
    std::fs::write(inbox.join("a.txt"), "A\n").unwrap();
    std::fs::write(inbox.join("week/b.txt"), "B\n").unwrap();
    std::fs::write(ws.path().join("secret.txt"), "secret\n").unwrap();
    std::os::unix::fs::symlink(ws.path().join("secret.txt"), inbox.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(ws.path(), inbox.join("up")).unwrap();
    assert_eq!(
        Input::read_inbox(ws.path(), "a.txt", &limits)
            .unwrap()
            .bytes,
        b"A\n"
    );
    assert_eq!(
        Input::read_inbox(ws.path(), "week/b.txt", &limits)
            .unwrap()
            .bytes,
        b"B\n"
    );
    for bad in [
        "../secret.txt",
        "/etc/passwd",
        "link.txt",
        "up/secret.txt",
        "week/../../secret.txt",
        "",
        ".hidden",
    ] {
        assert!(
            Input::read_inbox(ws.path(), bad, &limits).is_err(),
            "{bad:?} was read"
        );
    }
}

#[test]
fn the_registration_is_undone_byte_for_byte() {
    use coopdash::import::{Importer, Input};
    let ws = support::seed_copy();
    let limits = coopdash::workspace::Limits::default();
    let themes = ws.path().join("themes.yaml");
    let before = std::fs::read(&themes).unwrap();
    let mut importer = Importer::new(ws.path(), &limits).unwrap();
    let input = Input::read(&fixture("ar-press.html"), &limits).unwrap();
    let batch = importer.import_all([Ok(input)], Some("ar-cyber"));
    let [applied] = batch.applied.as_slice() else {
        panic!("one edit: {:?}", batch.applied)
    };
    assert_eq!(applied.summary, "+source ar-cyber (ar-cyber.txt)");
    let yaml = std::fs::read_to_string(&themes).unwrap();
    assert!(
        yaml.contains("  - id: ar-cyber\n    file: ar-cyber.txt\n    title:\n      ar: الأمم المتحدة والإنتربول تعززان التعاون في مكافحة الجريمة السيبرية\n    date: 2023-11-08\n    lang: ar\n"),
        "{yaml}"
    );
    coopdash::curate::apply(ws.path(), &limits, &applied.undo).unwrap();
    assert_eq!(std::fs::read(&themes).unwrap(), before);
    // The file stays, an unlisted source named after its file: still sound.
    let loaded = coopdash::workspace::load(ws.path()).expect("check passes");
    assert!(loaded.sources.iter().any(|s| s.id == "ar-cyber"));
}

/// A dashboard (TestBackend, jobs run inline) over a fresh copy of the
/// bundled workspace.
fn dash() -> (tempfile::TempDir, support::ui::Dash) {
    let dir = support::seed_copy();
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    (dir, support::ui::Dash::new(ws, 120, 40, true))
}

#[test]
fn a_curator_imports_from_the_dashboard_with_i() {
    use ratatui::crossterm::event::KeyCode;
    let (dir, mut d) = dash();
    d.press(KeyCode::Char('I'));
    assert!(d.screen().contains("Import a document"), "{}", d.screen());
    // A refusal keeps the prompt open, with the reason.
    d.type_text("nowhere.html");
    d.press(KeyCode::Enter);
    assert!(
        d.status_bar().contains("cannot read it"),
        "{}",
        d.status_bar()
    );
    assert!(d.screen().contains("Import a document"));
    for _ in 0.."nowhere.html".len() {
        d.press(KeyCode::Backspace);
    }
    d.type_text(fixture("en-press.html").to_str().unwrap());
    d.press(KeyCode::Enter);
    assert!(
        d.status_bar().contains("imported interpol-and-unodc"),
        "{}",
        d.status_bar()
    );
    assert!(
        !d.screen().contains("Import a document"),
        "the prompt closed"
    );
    d.reload_workspace();
    assert_eq!(d.ws.sources.len(), 2);
    coopdash::workspace::load(dir.path()).expect("check passes");
}

#[test]
fn import_is_for_curators_and_reads_the_inbox_only_over_serve() {
    use ratatui::crossterm::event::KeyCode;
    let (dir, mut d) = dash();
    d.curation = Err("this key is not a curator's".into());
    d.press(KeyCode::Char('I'));
    assert!(
        d.status_bar()
            .contains("import is for curators: this key is not a curator's"),
        "{}",
        d.status_bar()
    );
    assert!(!d.screen().contains("Import a document"));

    d.curation = Ok(());
    d.confine_imports = true;
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    std::fs::copy(fixture("ar-press.html"), dir.path().join("inbox/ar.html")).unwrap();
    let outside = fixture("en-press.html");
    d.press(KeyCode::Char('I'));
    assert!(d.screen().contains("inbox/"), "{}", d.screen());
    let before = files(dir.path());
    d.type_text(outside.to_str().unwrap());
    d.press(KeyCode::Enter);
    // The whole message: the bar cuts a long one in the middle of its path.
    let said = d
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("no hidden names"), "{said}");
    assert!(
        files(dir.path()) == before,
        "nothing outside inbox/ was read"
    );
    d.press(KeyCode::Esc);
    d.press(KeyCode::Char('I'));
    d.type_text("ar.html");
    d.press(KeyCode::Enter);
    assert!(d.status_bar().contains("imported"), "{}", d.status_bar());
}
