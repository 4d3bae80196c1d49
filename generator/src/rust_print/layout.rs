//! Line breaking for the direct printer: a tree of text, groups and breaks, printed the way
//! Oppen's algorithm (and so prettyplease and rustfmt) decides it: a group is printed flat
//! when it and the text after it up to the next break fit in the line, else each of its own
//! breaks starts a line. Blocks (statements, match arms) are printed by the caller, which
//! knows what they hold; here they are a place where the line ends.

/// Where lines end at the latest: prettyplease's and rustfmt's margin.
pub(super) const MARGIN: usize = 100;

/// What a line of code is made of.
pub(super) enum Doc<'t, B> {
    Text(std::borrow::Cow<'t, str>),
    /// A possible line break: `flat` when the group it belongs to is flat, else a new line at
    /// the group's inner indentation (`dedent`: at the indentation the group started on).
    Break {
        flat: &'static str,
        dedent: bool,
    },
    /// Text printed only where the group is broken: the trailing comma of a broken list.
    IfBroken(&'static str),
    /// A new line at the group's inner indentation whatever the width: after an attribute.
    Hard,
    Group(Group<'t, B>),
    /// A block the caller prints (its lines at the current line's indentation + 4).
    Block(B),
}

pub(super) struct Group<'t, B> {
    pub(super) docs: Vec<Doc<'t, B>>,
    /// How much deeper the lines of a broken group start.
    pub(super) indent: usize,
    /// Broken whatever the width: it holds a hard line or a block.
    pub(super) forced: bool,
    /// Its width printed flat (text and flat breaks).
    pub(super) width: usize,
    /// Counted whole (not up to its first break) in the width of the text before it.
    pub(super) whole: bool,
}

/// Below this width generic arguments stay on one line even where the line is too long:
/// breaking `<'c>` never makes a line read better, and a later group can break instead.
pub(super) const UNBROKEN_BELOW: usize = 12;

impl<'t, B> Group<'t, B> {
    /// The width `docs` take printed flat.
    pub(super) fn new_width(docs: &[Doc<'t, B>]) -> usize {
        docs.iter()
            .map(|doc| match doc {
                Doc::Text(text) => text_width(text),
                Doc::Break { flat, .. } => flat.len(),
                Doc::Group(group) => group.width,
                _ => 0,
            })
            .sum()
    }

    pub(super) fn new(docs: Vec<Doc<'t, B>>, indent: usize) -> Self {
        let mut width = 0;
        let mut forced = false;
        for doc in &docs {
            match doc {
                Doc::Text(text) => width += text_width(text),
                Doc::Break { flat, .. } => width += flat.len(),
                Doc::IfBroken(_) => {}
                Doc::Hard | Doc::Block(_) => forced = true,
                Doc::Group(group) => {
                    width += group.width;
                    forced |= group.forced;
                }
            }
        }
        Group { docs, indent, forced, width, whole: false }
    }
}

pub(super) fn text_width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// The output being written, and where its current line stands.
pub(super) struct Sink {
    pub(super) out: String,
    pub(super) column: usize,
    /// The indentation of the current line.
    pub(super) line_indent: usize,
    /// Nothing printed yet: the first line needs no line break before it.
    pub(super) fresh: bool,
}

impl Sink {
    /// A sink writing after what `out` holds (which ends a line).
    pub(super) fn after(out: String) -> Self {
        Sink { out, column: 0, line_indent: 0, fresh: true }
    }

    pub(super) fn text(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += text_width(text);
    }

    pub(super) fn newline(&mut self, indent: usize) {
        self.fresh = false;
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.column = indent;
        self.line_indent = indent;
    }

    /// Prints `group`, followed on its line by `trail` columns of text the caller prints after it.
    pub(super) fn group<B>(&mut self, group: &Group<'_, B>, trail: usize, block: &mut dyn FnMut(&mut Sink, &B)) {
        let flat = !group.forced
            && ((group.whole && group.width < UNBROKEN_BELOW) || self.column + group.width + trail <= MARGIN);
        let base = self.line_indent;
        let inner = base + group.indent;
        for (i, doc) in group.docs.iter().enumerate() {
            match doc {
                Doc::Text(text) => self.text(text),
                Doc::Break { flat: text, dedent } => {
                    if flat {
                        self.text(text)
                    } else {
                        self.newline(if *dedent { base } else { inner })
                    }
                }
                Doc::IfBroken(text) => {
                    if !flat {
                        self.text(text)
                    }
                }
                Doc::Hard => self.newline(inner),
                Doc::Group(sub) => {
                    let (after, stopped) = width_to_break(&group.docs[i + 1..], flat);
                    let trail = if stopped { after } else { after + trail };
                    self.group(sub, trail, block);
                }
                Doc::Block(b) => block(self, b),
            }
        }
    }
}

/// The width of the text in `docs` up to the first place a line may end, and whether there is
/// one (else the text after `docs` continues the line).
fn width_to_break<B>(docs: &[Doc<'_, B>], flat: bool) -> (usize, bool) {
    let mut width = 0;
    for doc in docs {
        match doc {
            Doc::Text(text) => width += text_width(text),
            Doc::Break { flat: text, .. } => {
                if flat {
                    width += text.len()
                } else {
                    return (width, true);
                }
            }
            Doc::IfBroken(text) => {
                if !flat {
                    width += text.len()
                }
            }
            Doc::Hard => return (width, true),
            Doc::Block(_) => return (width + 1, true),
            Doc::Group(group) if group.whole => width += group.width,
            Doc::Group(group) => {
                let (inner, stopped) = width_to_break(&group.docs, false);
                width += inner;
                if stopped {
                    return (width, true);
                }
            }
        }
    }
    (width, false)
}
