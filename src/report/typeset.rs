//! Typesetting with typst.
//!
//! A [`Document`] is compiled from memory: the typst source is served as `main.typ`, the
//! report data as `data.json` and each chart as a virtual SVG file. Fonts are the shipped
//! Noto Sans family (see `src/report/fonts/README.md`) plus the fonts of `typst-assets`;
//! `today()` is the document date. The PDF conforms to PDF/A-2a and PDF/UA-1, is tagged,
//! and two renders of the same input give the same bytes.
//!
//! Typst diagnostics (errors and warnings) are turned into readable messages with file,
//! line and column, since users can supply their own template.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::LazyLock;

use anyhow::{Context as _, anyhow};
use chrono::Datelike as _;
use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontFamily, FontList, Lang, Region, TextElem};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt as _, World, WorldExt as _};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Name of the virtual file that holds the typst source.
pub const MAIN_FILE: &str = "main.typ";
/// Name of the virtual file that holds the report data.
pub const DATA_FILE: &str = "data.json";

/// The family name of the shipped sans-serif font, as typst and SVG text name it.
const FAMILY: &str = "Noto Sans";

static REGULAR: &[u8] = include_bytes!("fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("fonts/NotoSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("fonts/NotoSans-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("fonts/NotoSans-BoldItalic.ttf");

/// The PDF standards every report conforms to.
const STANDARDS: &[PdfStandard] = &[PdfStandard::A_2a, PdfStandard::Ua_1];

/// The family name to use in templates (`#set text(font: ..)`) and in charts.
pub fn font_family() -> &'static str {
    FAMILY
}

/// The regular face of the shipped family, e.g. for `plotters::style::register_font`.
pub fn font_bytes() -> &'static [u8] {
    REGULAR
}

/// The bold face of the shipped family.
pub fn font_bytes_bold() -> &'static [u8] {
    BOLD
}

/// A document to compile: a typst template and the files it may read.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The typst source, served as `main.typ`.
    pub template: &'a str,
    /// The report data, served as `data.json` (read it with `json("data.json")`).
    pub data_json: &'a str,
    /// SVG images by file name (e.g. `"kpi1.svg"`), served as virtual files.
    pub images: &'a BTreeMap<String, String>,
    /// The document date: what `datetime.today()` returns, and the PDF's creation date
    /// unless the template sets `#set document(date: ..)`.
    pub date: chrono::NaiveDate,
    /// A stable identifier of the document (the same for every render of the same report);
    /// its hash becomes the PDF's document identifier.
    pub ident: &'a str,
}

/// Compiles the document and exports it as PDF/A-2a + PDF/UA-1.
///
/// Fails on any typst error *or warning*; the error message lists every diagnostic with
/// its file, line and column.
pub fn render_pdf(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let (pdf, warnings) = render_pdf_with_warnings(doc)?;
    if !warnings.is_empty() {
        return Err(anyhow!(
            "typst reported {} warning(s) in the report template:\n{}",
            warnings.len(),
            warnings.join("\n")
        ));
    }
    Ok(pdf)
}

/// Like [`render_pdf`], but returns typst's warnings (formatted as in errors) instead of
/// failing on them.
pub fn render_pdf_with_warnings(doc: &Document) -> anyhow::Result<(Vec<u8>, Vec<String>)> {
    let world = MemoryWorld::new(doc)?;
    let warned = typst::compile::<PagedDocument>(&world);
    let mut warnings: Vec<String> = warned.warnings.iter().map(|d| format_diagnostic(&world, d)).collect();
    let document = warned
        .output
        .map_err(|errors| diagnostics_error(&world, "the report template failed to compile", &errors, &warnings))?;

    let options = pdf_options(doc)?;
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        diagnostics_error(&world, "the report could not be exported as PDF/A-2a + PDF/UA-1", &errors, &[])
    })?;
    warnings.dedup();
    Ok((super::streameol::mend(pdf), warnings))
}

fn pdf_options(doc: &Document) -> anyhow::Result<PdfOptions> {
    let standards = PdfStandards::new(STANDARDS).map_err(|e| anyhow!("PDF standards not accepted: {}", e.message()))?;
    let date = typst_date(doc.date)?;
    Ok(PdfOptions {
        ident: Smart::Custom(doc.ident.to_owned()),
        creator: Smart::Auto,
        timestamp: Some(Timestamp::new_utc(date)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    })
}

fn typst_date(date: chrono::NaiveDate) -> anyhow::Result<Datetime> {
    let month = u8::try_from(date.month()).context("month out of range")?;
    let day = u8::try_from(date.day()).context("day out of range")?;
    Datetime::from_ymd(date.year(), month, day).ok_or_else(|| anyhow!("date {date} cannot be represented in typst"))
}

/// Fonts shared by all renders: parsed once.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let shipped = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];
    let fonts: Vec<Font> =
        shipped.into_iter().chain(typst_assets::fonts()).flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// The standard library with the report's defaults: the shipped font, Danish.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    let mut library = Library::default();
    library.styles.set(TextElem::font, FontList(vec![FontFamily::new(FAMILY)]));
    library.styles.set(TextElem::lang, Lang::DANISH);
    library.styles.set(TextElem::region, "dk".parse::<Region>().ok());
    LazyHash::new(library)
});

/// A typst world that serves everything from memory.
struct MemoryWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

fn file_id(name: &str) -> anyhow::Result<FileId> {
    let vpath = VirtualPath::new(name).map_err(|e| anyhow!("invalid virtual file name {name:?}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl MemoryWorld {
    fn new(doc: &Document) -> anyhow::Result<Self> {
        let main_id = file_id(MAIN_FILE)?;
        let main = Source::new(main_id, doc.template.to_owned());
        let mut files = HashMap::new();
        files.insert(main_id, Bytes::from_string(doc.template.to_owned()));
        files.insert(file_id(DATA_FILE)?, Bytes::from_string(doc.data_json.to_owned()));
        for (name, svg) in doc.images {
            files.insert(file_id(name)?, Bytes::from_string(svg.clone()));
        }
        Ok(Self { main, files, today: typst_date(doc.date)? })
    }

    /// The text of a served file, for line numbers in diagnostics.
    fn text(&self, id: FileId) -> Option<String> {
        if id == self.main.id() {
            return Some(self.main.text().to_owned());
        }
        let bytes = self.files.get(&id)?;
        Some(String::from_utf8_lossy(bytes.as_slice()).into_owned())
    }
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("packages are not available to report templates (tried {spec})").into(),
            ))));
        }
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn diagnostics_error(
    world: &MemoryWorld,
    what: &str,
    errors: &[SourceDiagnostic],
    warnings: &[String],
) -> anyhow::Error {
    let mut text = format!("{what}:");
    let mut seen = Vec::new();
    for error in errors {
        let formatted = format_diagnostic(world, error);
        if !seen.contains(&formatted) {
            text.push('\n');
            text.push_str(&formatted);
            seen.push(formatted);
        }
    }
    for warning in warnings {
        text.push('\n');
        text.push_str(warning);
    }
    anyhow!(text)
}

/// Where a span points: `main.typ:12:5`, and the line's text with the span underlined.
fn locate(world: &MemoryWorld, span: typst::syntax::DiagSpan) -> Option<(String, Option<(String, String)>)> {
    let id = span.id()?;
    let name = id.vpath().get_without_slash().to_owned();
    let Some(range) = world.range(span) else {
        return Some((name, None));
    };
    let text = world.text(id)?;
    let start = floor_char_boundary(&text, range.start);
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let end = floor_char_boundary(&text, range.end).clamp(start, line_end);
    let column = text[line_start..start].chars().count() + 1;
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let indent: String = text[line_start..start].chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    let marks = "^".repeat(text[start..end].chars().count().max(1));
    Some((format!("{name}:{line}:{column}"), Some((line_text.to_owned(), format!("{indent}{marks}")))))
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Formats one diagnostic like typst's CLI does, without colours.
fn format_diagnostic(world: &MemoryWorld, diagnostic: &SourceDiagnostic) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!("{severity}: {}", diagnostic.message);
    if let Some((place, line)) = locate(world, diagnostic.span) {
        let _ = write!(out, "\n  --> {place}");
        if let Some((line, marks)) = line {
            let _ = write!(out, "\n   | {line}\n   | {marks}");
        }
    }
    for point in &diagnostic.trace {
        let _ = write!(out, "\n  = {}", point.v);
        if let Some((place, _)) = locate(world, point.span.into()) {
            let _ = write!(out, " ({place})");
        }
    }
    for hint in &diagnostic.hints {
        let _ = write!(out, "\n  hint: {}", hint.v);
        if let Some((place, _)) = locate(world, hint.span) {
            let _ = write!(out, " ({place})");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect x="10" y="10" width="80" height="80" fill="#0072B2"/><text x="100" y="50" font-family="Noto Sans" font-size="14">Ledighed</text></svg>"##;

    const TEMPLATE: &str = r#"#set document(title: "Statusrapport for beskæftigelsesmål", date: datetime(year: 2015, month: 10, day: 15))
#set text(font: "Noto Sans", lang: "da", region: "dk", size: 10pt)
#set page(paper: "a4")
#let data = json("data.json")

= Status på effektmål i Odense Kommune

Rapporten er udarbejdet #datetime.today().display("[day].[month].[year]"). Målgruppen er #data.group.

#table(
  columns: 3,
  table.header[*Mål*][*Status*][*Ændring*],
  [Færre på ydelse], [72 %], [−1,5 procentpoint],
  [Øget selvforsørgelse], [48,2 %], [+0,8 procentpoint],
)

#figure(
  image("chart.svg", width: 8cm, alt: "Søjle der viser ledighed i Århus og Ærø"),
  caption: [Ledighed fordelt på område],
)
"#;

    fn images() -> BTreeMap<String, String> {
        BTreeMap::from([("chart.svg".to_owned(), SVG.to_owned())])
    }

    fn doc<'a>(template: &'a str, images: &'a BTreeMap<String, String>) -> Document<'a> {
        Document {
            template,
            data_json: r#"{"group": "unge under 30 år på kontanthjælp"}"#,
            images,
            date: chrono::NaiveDate::from_ymd_opt(2015, 10, 15).expect("valid date"),
            ident: "effektmaal-test",
        }
    }

    #[test]
    fn renders_deterministic_pdf() {
        let images = images();
        let first = render_pdf(&doc(TEMPLATE, &images)).expect("renders");
        assert!(first.starts_with(b"%PDF"));
        let second = render_pdf(&doc(TEMPLATE, &images)).expect("renders again");
        assert!(first == second, "two renders differ");
        if std::env::var_os("EFFEKTMAAL_KEEP_TEST_PDF").is_some() {
            std::fs::write("/tmp/typeset-test.pdf", &first).expect("write");
        }
    }

    #[test]
    fn standards_are_accepted() {
        assert!(PdfStandards::new(STANDARDS).is_ok());
    }

    #[test]
    fn errors_name_line_and_column() {
        let images = images();
        let template = "#set document(title: \"x\")\nHej\n#let x = (1 +)\n";
        let err = render_pdf(&doc(template, &images)).expect_err("must fail");
        let text = format!("{err:#}");
        assert!(
            text.contains("error: expected expression\n  --> main.typ:3:14\n   | #let x = (1 +)\n   |              ^"),
            "{text}"
        );

        let nested = "#set document(title: [x])\n#let f(x) = x.foo\n\n#f(1)\n";
        let text = format!("{:#}", render_pdf(&doc(nested, &images)).expect_err("must fail"));
        assert!(text.contains("main.typ:2:15"), "{text}");
        assert!(text.contains("while calling `f` (main.typ:4:2)"), "{text}");
    }

    #[test]
    fn accessibility_is_enforced() {
        let images = images();
        // PDF/UA-1 needs a title ...
        let text = format!("{:#}", render_pdf(&doc("Hej", &images)).expect_err("must fail"));
        assert!(text.contains("missing document title"), "{text}");
        // ... and alt text on every image.
        let template = "#set document(title: [x])\n#image(\"chart.svg\")";
        let text = format!("{:#}", render_pdf(&doc(template, &images)).expect_err("must fail"));
        assert!(text.contains("missing alt text") && text.contains("main.typ:2:2"), "{text}");
    }

    #[test]
    fn missing_file_is_reported() {
        let images = images();
        let template = "#set document(title: \"x\")\n\n#image(\"mangler.svg\", alt: \"x\")\n";
        let err = render_pdf(&doc(template, &images)).expect_err("must fail");
        let text = format!("{err:#}");
        assert!(text.contains("mangler.svg"), "{text}");
        assert!(text.contains("main.typ:3:"), "{text}");
    }

    #[test]
    fn warnings_are_errors() {
        let images = images();
        let template = "#set document(title: \"x\")\n#set text(font: \"Ingen Sådan Skrift\")\nHej\n";
        let err = render_pdf(&doc(template, &images)).expect_err("must fail");
        let text = format!("{err:#}");
        assert!(text.contains("warning:"), "{text}");
        assert!(text.contains("main.typ:2:"), "{text}");
        let (pdf, warnings) = render_pdf_with_warnings(&doc(template, &images)).expect("lenient render");
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn font_is_shipped() {
        assert_eq!(font_family(), "Noto Sans");
        let font = Font::new(Bytes::new(font_bytes()), 0).expect("parses");
        assert_eq!(font.info().family, "Noto Sans");
    }
}
