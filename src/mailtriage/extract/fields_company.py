"""The person's organisation as written: form field, signature, display name, body, imprint.

Never derived from the domain, but the domain helps choose among names the email writes: a
signature line, display name or body phrase whose letters spell the sender's domain label
("Fairway Golf Supply" for fairwaygolfsupply.com, "Claymore Tax Advisory" for claymoretax.co.uk)
is the organisation, ahead of job titles, departments and cities. Junk mail presents an
organisation as its own too, often a brand it impersonates ("PayPal Security Team"): that brand,
without its service words, is its company as written (``claimed_brand``, ``signed_name``).

Without that corroboration: in a signature, a line with a legal form ("Harrowgate Homes Ltd")
wins; otherwise the line under the name and title ("Director, Data & Analytics / Lakeshore Credit
Union"). The body is read only for self-introductions ("I'm the CFO at Acme Robotics"), and the
run of capitalised words after the cue is the name.
"""

from __future__ import annotations

import html as html_module
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex, strings
from mailtriage.extract.fields_region import is_country, is_subdivision, opens_a_street
from mailtriage.extract.form_notifications import label_key

_DIGIT = re.compile(r"\d")
# Full-width bars and the ideographic space separate as the others do ("禾丰烘焙原料｜十二月资讯",
# "さくら通り商店会　事務局").
_SEGMENT_SPLIT = re.compile(r"\s+[|·•/–—@]\s+|\s+-\s+|\s*｜\s*|\u3000|\t|\s{3,}")
# "CEO at Quanta Probe", "Directrice chez Maison Bréval": a title, then the organisation.
_TITLE_AT = re.compile(r"^(?P<title>.*?\S)\s+(?:at|bei|chez|presso|en|na|hos|på|w)\s+(?P<org>\S.*)$")
# Letters after a name that are credentials or a title, not an organisation ("MHA", "PhD, MBA", "CFO").
_CREDENTIALS = re.compile(r"(?:[A-Z][A-Za-z.]{0,5}(?:,\s*|\s+|$))+")
_ADDRESS_OR_CONTACT = re.compile(
    r"\d{2,}|@|https?://|www\.|\.(?:com|net|org|io|co|de|fr|uk|nl|it|es|pt|jp|se|ch|be|ai|app|eu)\b|"
    r"^(?:tel|phone|mobile|cell|fax|t|m|p|e|ph|tél|tlm)\b\.?\s*[:.]?",
    re.IGNORECASE,
)
# A run of CJK letters; a place in parentheses may sit inside a name ("诺思文贸易（上海）有限公司").
# Latin letters between two parts of a Japanese or Chinese name belong to it ("さくらHRテック").
_CJK_RUN = (
    r"(?:[\u3040-\u30ff\u3400-\u9fff々ー・]|[（(][\u3400-\u9fff]{1,8}[）)]"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff])[A-Za-z][A-Za-z0-9&.-]*(?=[\u3040-\u30ff\u3400-\u9fff]))+"
)
# Where a run of words breaks: clause punctuation, or a full stop that ends a sentence.
# Abbreviations that names carry inside them ("Price Bros. Joinery", "Acme Mfg. Co.") do not end one.
_RUN_BREAK = re.compile(
    r"[,;:()\"“”!?<>\[\]{}]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bBros)(?<!\bMfg)(?<!\bIntl)(?<!\bAssoc)(?<!\bSvcs)"
    r"\.(?=\s|$)"
    # An acronym ending a sentence ("engineers for APAC. Straits Talent Partners specialises").
    r"|(?<=[A-Z]{2})\.(?=\s+[A-Z])"
)
_NON_ALNUM = re.compile(r"[^0-9a-z]")


@dataclass(frozen=True, slots=True)
class _Patterns:
    legal: re.Pattern[str]
    legal_tail: re.Pattern[str]
    prefix_legal: re.Pattern[str]
    cjk_legal: re.Pattern[str]
    cjk_form: re.Pattern[str]
    titles: PhraseSet
    title_endings: tuple[str, ...]
    org_words: re.Pattern[str]
    public_body_heads: frozenset[str]
    body: tuple[re.Pattern[str], ...]
    body_subject: tuple[re.Pattern[str], ...]
    stop_words: frozenset[str]
    articles: frozenset[str]
    particles: frozenset[str]
    line_articles: frozenset[str]
    role_words: frozenset[str]
    connectors: frozenset[str]
    possessives: frozenset[str]
    lower_case_connectors: frozenset[str]
    place_connectors: frozenset[str]
    place_named_heads: tuple[str, ...]
    in_heads: frozenset[str]
    lowercase_org: frozenset[str]
    units: frozenset[str]
    sign_offs: PhraseSet
    placeholders: frozenset[str]
    former_name: re.Pattern[str]
    former_text: re.Pattern[str]
    cjk_particles: re.Pattern[str]
    cjk_openers: tuple[str, ...]
    script_titles: tuple[str, ...]
    script_places: tuple[str, ...]
    script_honorifics: tuple[str, ...]
    script_greetings: tuple[str, ...]
    script_min_alone: int
    arabic_org: frozenset[str]
    arabic_titles: frozenset[str]
    arabic_in_text: re.Pattern[str]
    script_prefix: re.Pattern[str]
    script_suffix: re.Pattern[str]
    script_forms_ascii: bool
    lead_in: re.Pattern[str]
    team_lead_in: re.Pattern[str]
    title_link: re.Pattern[str]
    study: frozenset[str]
    study_in_text: re.Pattern[str]
    studied: PhraseSet
    former_employment: re.Pattern[str]
    current_employment: re.Pattern[str]


def _alternatives(words: Iterable[object]) -> str:
    """A regex alternation of the words, longest first."""
    return "|".join(re.escape(str(w)) for w in sorted((str(w) for w in words), key=len, reverse=True))


def _cue_words(cues: Iterable[object]) -> re.Pattern[str]:
    """Whole words in any case; a Chinese, Japanese or Korean cue anywhere, those scripts not
    spacing their words ("前職の株式会社みなと流通")."""
    words = [str(c) for c in cues]
    spaced = _alternatives(w for w in words if not _CJK_OR_HANGUL.search(w))
    unspaced = _alternatives(w for w in words if _CJK_OR_HANGUL.search(w))
    either = rf"(?<!\w)(?:{spaced})(?!\w)" + (f"|{unspaced}" if unspaced else "")
    return re.compile(either, re.IGNORECASE)


@cache
def _patterns() -> _Patterns:
    data = load("company")
    # Longest first: "Ltd. Şti." before "Ltd.", "GmbH & Co. KG" before "GmbH".
    legal = "|".join(sorted((str(f) for f in data["legal_forms"]), key=len, reverse=True))
    cjk_forms = "|".join(re.escape(str(f)) for f in data["cjk_legal_forms"])
    return _Patterns(
        # A legal form closes a name: after a word, before the end, a separator or a lower-case word.
        # "Lékárny Zdraví+ a.s.", "P.H.U. „MAR-POL” Sp. z o.o.": a name may end in a sign or a quote.
        # Not a state and its postcode ("Henderson, NV 89014", "Adelaide SA 5000"); a year may follow
        # ("© Poste Italiane S.p.A. 2026").
        # A case ending may follow the form ("Ltd. Şti.'den yazıyorum", "Acme Ltd.'s team").
        legal=re.compile(
            rf"(?<=[\w.)&+”\"»’])\s*,?\s(?:{legal})(?!\s+(?!(?:19|20)\d\d\b)\d{{4,5}}\b)(?=$|[\s,;|·)]|\.(?:\s|$)|['’][^\W\d_A-Z]{{1,5}}\b)"
        ),
        legal_tail=re.compile(rf"(?:\s*,?\s(?:{legal}))+\s*$"),
        prefix_legal=re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(str(f)) for f in data["prefix_legal_forms"])
            + r")\s+(?=[A-ZÀ-Þ\"„«“])"
        ),
        # Korean writes the form after the name, often with a space: "한빛로지스 주식회사", or
        # before it: "주식회사 데이터온".
        cjk_legal=re.compile(
            # Not "本社を置く株式会社東邦データサービス": a name ends in no hiragana verb before a form
            # that has the name right after it.
            rf"(?:{cjk_forms}) ?[\uac00-\ud7af]+|(?:{cjk_forms})[ \u3000]?{_CJK_RUN}"
            rf"|{_CJK_RUN}?(?<![\u3040-\u309f])(?:{cjk_forms})|{_CJK_RUN}?(?:{cjk_forms})(?![\u30a0-\u30ff\u4e00-\u9fff])"
            # Not "있는 (주)데이터온에서": a form with the name right after it opens that name.
            rf"|[\uac00-\ud7af]+ ?(?:{cjk_forms})(?![\uac00-\ud7af])"
        ),
        cjk_form=re.compile(f"(?:{cjk_forms})"),
        # A short title ("rh", "it", "md") is a whole word: "Rheinaue" and "Italia" hold none.
        titles=phrase_regex(
            f"{w}\\b" if len(w) <= 3 and w.isalpha() else w for w in strings("company", "title_words")
        ),
        title_endings=tuple(str(w) for w in data["title_word_endings"]),
        public_body_heads=frozenset(str(w) for w in data["public_body_heads"]),
        org_words=re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in data["org_words"]) + r")\b"),
        body=tuple(re.compile(str(b), re.MULTILINE) for b in data["body_patterns"]),
        body_subject=tuple(re.compile(str(b), re.MULTILINE) for b in data["body_subject_patterns"]),
        stop_words=frozenset(str(w) for w in data["run_stop_words"]),
        articles=frozenset(str(w) for w in data["leading_articles"]),
        particles=frozenset(str(w) for w in data["name_particles"]),
        line_articles=frozenset(str(w) for w in data["line_only_articles"]),
        role_words=frozenset(str(w).lower() for w in data["trailing_role_words"]),
        connectors=frozenset(str(w) for w in data["run_connectors"]),
        possessives=frozenset(str(w) for w in data["possessives"]),
        lower_case_connectors=frozenset(str(w) for w in data["lower_case_connectors"]),
        place_connectors=frozenset(str(w) for w in data["place_connectors"]),
        place_named_heads=tuple(str(w) for w in data["place_named_heads"]),
        in_heads=frozenset(str(w) for w in data["in_joined_heads"]),
        lowercase_org=frozenset(str(w) for w in data["lowercase_org_words"]),
        study=frozenset(str(w) for w in data["study_words"]),
        study_in_text=re.compile(_alternatives(data["study_words"])),
        studied=phrase_regex(strings("company", "study_past_cues")),
        former_employment=_cue_words(data["former_employment_cues"]),
        current_employment=_cue_words(data["current_employment_cues"]),
        units=frozenset(str(w).lower() for w in data["trailing_units"]),
        sign_offs=phrase_regex(strings("people", "sign_offs")),
        placeholders=frozenset(str(w).lower() for w in data["form_placeholders"]),
        former_text=re.compile(
            r"(?im)\((?:" + "|".join(re.escape(str(w)) for w in data["former_name_words"]) + r")\W[^)\n]*\)?"
            r"|^[\s\[]*(?:" + "|".join(re.escape(str(w)) for w in data["former_name_words"]) + r")\W.*$"
            # "Globex Energy Solutions - a Globex Corporation company": the parent after the name
            r"|\s[-–—|,]\s+an?\s[^\n]{2,60}?\s(?:company|group company|subsidiary|business)\s*$",
        ),
        former_name=re.compile(
            r"^[\s(\[]*(?:" + "|".join(re.escape(str(w)) for w in data["former_name_words"]) + r")(?=\W)",
            re.IGNORECASE,
        ),
        cjk_particles=re.compile("|".join(re.escape(str(w)) for w in data["cjk_particles"])),
        cjk_openers=tuple(str(w) for w in data["cjk_openers"]),
        script_titles=tuple(str(w) for w in data["script_title_suffixes"]),
        script_places=tuple(str(w) for w in data["script_place_suffixes"]),
        script_honorifics=tuple(str(w) for w in data["script_honorifics"]),
        script_greetings=tuple(str(w) for w in data["script_greetings"]),
        script_min_alone=int(data["script_min_alone"]),
        arabic_org=frozenset(str(w) for w in data["arabic_org_words"]),
        arabic_titles=frozenset(str(w) for w in data["arabic_title_words"]),
        arabic_in_text=re.compile(
            r"(?<![\u0600-\u06ff])(?:"
            + "|".join(re.escape(str(w)) for w in data["arabic_org_words"])
            + r")\s+(?P<org>(?:(?!(?:"
            + "|".join(re.escape(str(w)) for w in data["arabic_stop_words"])
            + r")\s)[\u0621-\u064a\u0671-\u06d3]+\s?){1,5})"
        ),
        script_prefix=re.compile(
            r"^(?:" + _alternatives(data["script_legal_prefixes"]) + r")(?=\s*[«\"„“‹']|\s+[^\W\d_])"
        ),
        script_suffix=re.compile(r"(?<=\S)\s(?:" + _alternatives(data["script_legal_suffixes"]) + r")$"),
        script_forms_ascii=any(
            str(form).isascii() for form in (*data["script_legal_prefixes"], *data["script_legal_suffixes"])
        ),
        lead_in=re.compile("^(?:" + "|".join(f"(?:{x})" for x in data["legal_name_lead_ins"]) + ")(?=\\S)"),
        team_lead_in=re.compile("^(?:" + "|".join(f"(?:{x})" for x in data["team_lead_ins"]) + ")(?=\\S)"),
        title_link=re.compile(
            r"^(?:(?:the|il|la|le|el|lo|o|a|der|die) )?(?:"
            + _alternatives(data["linked_titles"])
            + r") (?:of|at|di|de|du|da|do|del|della|von|van|bei|chez|för|hos|w) (?=[A-ZÀ-Þ])",
            re.IGNORECASE,
        ),
    )


# An elided article before a capitalised word: "Les Fromageries de l’Ain", "Cantina dell'Etna".
_ELIDED = re.compile(r"^(?:[ld]|dell|nell|all|dall|sull)['’][A-ZÀ-Þ]", re.IGNORECASE)


def _drop_elision(run: list[str]) -> None:
    """A run opening with an article elided in lower case ("l'École DataSchool Paris") starts after
    it; written in capitals ("L’Agence Cinq-Quarts SARL") the article is part of the name."""
    if run:
        run[0] = _without_elision(run[0])


def _without_elision(word: str) -> str:
    """The word without an article elided onto it in lower case ("l'Université" → "Université")."""
    if word[:1].islower() and _ELIDED.match(word):
        return re.split("['’]", word, maxsplit=1)[1]
    return word


_CAMEL = re.compile(r"[a-z]{1,5}[A-Z][a-z]")


def _is_capitalised(word: str) -> bool:
    return (
        word[:1].isupper()
        or (word[:1].isdigit() and any(c.isalpha() for c in word))
        or (("'" in word or "’" in word) and bool(_ELIDED.match(word)))
        # A brand in camel case: "iQube Softech Pvt. Ltd.", "dataHive sp. z o.o.".
        or bool(_CAMEL.match(word))
    )


def _connects(run: list[str], word: str) -> bool:
    """Whether the word joins a run of capitalised words: "of", "&", "de"; "in" only after a
    community of people ("Munster Women in Data"), since "Bäckerei Müller in Freiburg" is a place."""
    p = _patterns()
    return bool(run) and (
        word.lower() in p.connectors
        or word in p.lower_case_connectors
        or (word in p.place_connectors and run[-1].lower().endswith(p.place_named_heads))
        or (word == "in" and run[-1] in p.in_heads)
        # "The University of Texas at Austin": a campus after its university.
        or (word == "at" and any(w in p.study for w in run))
    )


def capitalised_run(text: str, *, backwards: bool = False) -> str:
    """The run of capitalised words (with connectors such as "of", "&", "de") at the start of
    the text, or at its end when ``backwards``."""
    p = _patterns()
    words = text.split()
    if backwards:
        words = words[::-1]
    run: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip(",;:()\"“”„«»'")
        if not bare:
            break
        if bare in p.stop_words and (not backwards or not run):
            break
        # A short number between two capitalised words belongs to the name ("Códice 42 Digital").
        inner_number = (
            bool(run)
            and bare.isdigit()
            and len(bare) <= 3
            and i + 1 < len(words)
            and _is_capitalised(words[i + 1].strip(",;:()\"“”'"))
            # "Master 2 MIAGE": a course and its acronym, in either direction
            and not words[i + 1].isupper()
            and not run[-1].isupper()
            and not word.endswith((",", ";", ":"))
        )
        if (
            inner_number
            or _is_capitalised(bare)
            or bare.isupper()
            or _connects(run, bare)
            or bare == "&"
            # "Uppsala universitet", "Kuopion kaupunki": a lower-case organisation noun after a name.
            or (bare in p.lowercase_org and (run or backwards))
        ):
            # "Stadtwerke Lindau (B) GmbH", "Observatoire Européen du Logiciel (OEL) SARL": a short
            # part in parentheses inside the name keeps them.
            inner = backwards and word.startswith("(") and word.endswith(")") and len(word) <= 12
            run.append(bare if not backwards else word if inner else word.strip(";:()\"“”'"))
            if not backwards and word.endswith((",", ";", ":")):
                break
            continue
        break
    if backwards:
        run = run[::-1]
        if run and run[0].startswith("("):
            run[0] = run[0].strip("()")
    while run and run[-1].lower() in p.connectors:
        run.pop()
    _drop_elision(run)
    while run and (run[0].lower() in p.connectors or run[0] in p.articles):
        if len(run) > 1 and run[0] in p.particles and run[0] != "The" and run[0][:1].isupper():
            break  # "Van den Berg Installatietechniek", "La Bottega del Pane": the particle opens the name
        run.pop(0)
    return " ".join(run).strip(" ,")


def _drop_leading(words: list[str]) -> list[str]:
    p = _patterns()
    while words and (words[0] in p.articles or words[0] in p.stop_words or words[0].lower() in p.connectors):
        words = words[1:]
    return words


# A Latin name a Japanese or Korean sentence goes on from with no space ("Kitsune Gamesのデータ基盤
# チームの森です", "Brightwave의 담당자"): the name ends where the script changes.
_LATIN_THEN_CJK = re.compile("(?<=[A-Za-z])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])")


def _chunks(text: str) -> Iterator[str]:
    for chunk in _RUN_BREAK.split(text):
        if chunk.isascii():
            yield chunk
        else:
            yield from _LATIN_THEN_CJK.split(chunk)


def _runs(text: str) -> Iterator[str]:
    """Every run of capitalised words in the text, leading articles and trailing role words
    ("The TaskTrack team" → "TaskTrack") dropped."""
    p = _patterns()
    for chunk in _chunks(text):
        run: list[str] = []
        words = chunk.split()
        opener = words[0] if words and words[0] in p.particles else None
        # A short number opening the segment may belong to the name: "7 Rivers Credit Union".
        number = words[0] if words and words[0].isdigit() and len(words[0]) <= 3 and len(words) > 2 else None
        # "digest from The Data Builders Community": a capital article after a lower-case word
        # is part of the name; at a sentence's start it is only capitalised.
        midway = False
        for i, word in enumerate([*words, ""]):
            bare = word.strip("'’*_")
            if not run:
                midway = bare == "The" and i > 0 and words[i - 1].isalpha() and words[i - 1].islower()
            if word in ("'t", "’t") and i + 1 < len(words) and _is_capitalised(words[i + 1]):
                run.append(word)  # "Brouwerij 't Hofke": the Dutch article, elided, inside the name
                continue
            if run and word.isdigit() and len(word) <= 3 and i == len(words) - 1:
                run.append(word)  # "Atelier 42": a number closing the segment's name
                continue
            if bare and (
                _is_capitalised(bare)
                or bare == "&"
                or _connects(run, bare)
                or (run and bare.lower() in p.role_words)
                or (run and bare in p.lowercase_org)
            ):
                run.append(bare)
                continue
            role = bool(run) and run[-1].lower() in p.role_words
            while run and (run[-1].lower() in p.connectors or run[-1].lower() in p.role_words):
                run.pop()
            # A particle opening a run that fills the whole segment: "The Quill Foundation".
            kept = run[0] == opener and len(run) > 1 and not role and not word if run else False
            kept = kept or (midway and len(run) > 2 and not role)
            opener = None
            for i, w in enumerate(run[1:-1], 1):
                head = " ".join(run[:i])
                # "CTO of Lotus Ride": the title is not the name; "Riverbend University School of
                # Data Science" has an organisation word before its title word, so it is a name.
                if w in ("of", "at") and _is_title(head) and not p.org_words.search(" ".join(run[: i - 1])):
                    run = run[i + 1 :]
                    break
            opened = number is not None and bool(run) and run[0] == words[1]
            if run:
                number = None
            _drop_elision(run)
            run = _drop_leading(run)
            if run:
                if kept:
                    yield f"The {' '.join(run)}" if midway else f"{words[0]} {' '.join(run)}"
                if opened and len(run) > 1 and run[0] == words[1]:
                    yield f"{words[0]} {' '.join(run)}"
                yield " ".join(run)
            run = []


_HIRAGANA = re.compile("[\u3041-\u3096]")


def _trim_cjk(found: str) -> str:
    """Cut the particles around a CJK name: "株式会社Xの鈴木" → "株式会社X", "我是X有限公司" → "X有限公司"."""
    p = _patterns()
    m = p.cjk_form.match(found)
    if m:  # a prefix form: the name ends before the first particle after it
        rest = found[m.end() :]
        # Not one inside a word of hiragana ("株式会社みなと物流": the と of みなと).
        cut = next((c for c in p.cjk_particles.finditer(rest) if not _inside_hiragana(rest, c)), None)
        rest = rest[: cut.start()] if cut and cut.start() > 0 else rest
        ending = _korean_ending().search(rest)
        return found[: m.end()] + (rest[: ending.start()] if ending and ending.start() >= 2 else rest)
    # A one-character particle that opens the match is the name's own first character ("はなみずき
    # ホールディングス株式会社"), not a particle after a word ("我是X有限公司" still cuts).
    # Nor is one inside a word of hiragana ("みなと精機株式会社": the と of みなと, Minato).
    cuts = [
        c.end()
        for c in p.cjk_particles.finditer(found)
        if (c.start() > 0 or c.end() > 1) and not _inside_hiragana(found, c)
    ]
    found = found[cuts[-1] :] if cuts and cuts[-1] < len(found) - 1 else found
    # "由上海数智会展有限公司主办": a preposition that only opens a sentence ("by", "with") is not
    # the name's first character.
    opener = next((o for o in p.cjk_openers if found.startswith(o)), None)
    return found[len(opener) :] if opener and len(found) - len(opener) >= 4 else found


@cache
def _korean_ending() -> re.Pattern[str]:
    return re.compile(rf"(?<=[\uac00-\ud7af])(?:{_alternatives(load('company')['korean_name_endings'])})$")


def _inside_hiragana(text: str, particle: re.Match[str]) -> bool:
    """A one-character particle right after hiragana is a letter of that word."""
    return (
        particle.end() - particle.start() == 1
        and particle.start() > 0
        and bool(_HIRAGANA.match(text, particle.start() - 1))
    )


_ALTERNATIVE = re.compile(r"\s*\([^()]{3,60}\)$")


_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*", re.I
)


# The end of a sentence whose last word is all lower case: not an abbreviation ("Co.", "Α.Ε.").
_PROSE_SENTENCE_END = re.compile(r"\b[a-zß-ÿ]{2,}[.!?]\s+")


def _script_legal(line: str, max_words: int = 8) -> str | None:
    """A signature segment that a legal form in its own script opens or closes ("ООО «Волга
    Логистик»", "Công ty TNHH Sài Gòn Xanh", "מעבדות גליל בע"מ", "ΑΦΟΙ ΠΑΠΑΔΟΠΟΥΛΟΥ Α.Ε."): the
    segment as written, without a place after a comma. Not a sentence ("Công ty chúng tôi ...")."""
    p = _patterns()
    if line.isascii() and not p.script_forms_ascii:
        return None  # most lines: no form of these scripts can be in them
    for segment in _SEGMENT_SPLIT.split(line):
        segment = _COPYRIGHT.sub("", segment)  # "© 2026 TechPulse Media Α.Ε.": the notice is no name
        # "… please notify the sender and delete it. ΑΙΓΙΑΛΟΣ ΝΑΥΤΙΛΙΑΚΗ Α.Ε.": a disclaimer's last
        # sentence before the name is not part of it.
        segment = _PROSE_SENTENCE_END.split(segment)[-1]
        parts = [part.strip(" -–—•*>") for part in segment.split(", ")]
        for n, part in enumerate(parts):
            # "Công ty Cổ phần In Sài Gòn (Saigon Print JSC)": the name, and the same in English.
            part = _without_other_script(part)
            words = part.split()
            prefixed = n == 0 and p.script_prefix.match(part)
            if not words or len(words) > max_words or part.endswith(("!", "?", ":", "。")):
                continue
            if prefixed:
                following = part[prefixed.end() :].lstrip(" «\"„“‹'")
                cased = following[:1].lower() != following[:1].upper()
                if not following or (cased and not following[0].isupper()):
                    continue  # "Công ty chúng tôi": a sentence about "our company"
                return part
            suffix = p.script_suffix.search(part)
            if suffix and not part.isascii() and len(words) >= 2:
                head = part[: suffix.start()]
                prose = [w for w in head.split() if w.isascii() and w.isalpha() and w.islower()]
                if any(w not in p.connectors for w in prose):
                    # "Sofia Tech Weekly is published by Sofia Tech Media ЕООД": a sentence in Latin
                    # letters before the Latin name that the form closes.
                    run = capitalised_run(head, backwards=True)
                    return f"{run}{part[suffix.start() :]}" if run else None
                return part
            # "סייברמגן בע"מ (CyberMagen Ltd.)": the name, then the same name in another script.
            bare = _ALTERNATIVE.sub("", part)
            if bare != part and p.script_suffix.search(bare) and not bare.isascii() and len(bare.split()) > 1:
                return bare
    return None


# "Haller, Brandt & Okafor LLP": the partners' names before a comma belong to the firm's name.
_PARTNER_NAMES = re.compile(r"(?:(?<=^)|(?<=\s))((?:[A-Z][\w'’-]+,\s)+)$")
_JOINED = re.compile(r"\s(?:&|and|und|et|y|e|en)\s")


def _partner_names(prefix: str) -> str:
    """The surnames written before the comma of a partnership's name, or "" ("Partner, Brandt &
    Okafor LLP": a title, not a partner's name)."""
    m = _PARTNER_NAMES.search(prefix)
    if not m:
        return ""
    names = [w.strip(", ") for w in m.group(1).split(",") if w.strip()]
    p = _patterns()
    if any(_is_title(w) or w in p.stop_words or w in p.articles for w in names):
        return ""
    return m.group(1)


_TITLE_OF = re.compile(r"^(?P<title>.+?)\s(?:of|at)\s(?=[A-ZÀ-Þ])")


def without_lead_in(name: str) -> str:
    """The organisation without words before it that are no part of its name: its team ("Il team
    Crypto Yield Pro", "L'équipe Datavia") or the writer's title ("CTO di Bottega Digitale")."""
    team = _patterns().team_lead_in.match(name)
    if team and _is_capitalised(name[team.end() :]):
        return name[team.end() :]
    titled = _patterns().title_link.match(name)
    if titled and _is_capitalised(name[titled.end() :]):
        return name[titled.end() :]
    at = _TITLE_AT.match(name)
    if at and _is_title(at.group("title")) and _is_capitalised(at.group("org")):
        return at.group("org")  # "Consultante BI chez Datavalor SAS"
    lead = _patterns().lead_in.match(name)
    if lead and len(name[lead.end() :].split()) >= 2 and _is_capitalised(name[lead.end() :]):
        return name[lead.end() :]  # "Desde Hoteles Alcázar iremos tres personas"
    return name


_BRACKETED = re.compile(r"\([^()]*\)")
_HANDLE = re.compile(r"\w+(?:[-_]\w+)+")


# Every CJK or Korean legal form has one of these letters: a line without any is not searched for one.
_CJK_OR_HANGUL = re.compile("[\u3040-\u9fff\uac00-\ud7af]")


@cache
def _cjk_form_neighbours() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A Korean word before a prefix form that is not the name; a department after a form; a Latin
    name closed by a CJK form ("Globex Japan 合同会社")."""
    data = load("company")
    forms = _alternatives(data["cjk_legal_forms"])
    return (
        re.compile(rf"(?:{_alternatives(data['korean_words_before_a_form'])}) (?=(?:{forms}))"),
        re.compile(rf"^[ \u3000]*\S*(?:{_alternatives(data['cjk_department_endings'])})(?:\s|$)"),
        re.compile(rf"(?<![\w.])[A-Z][A-Za-z0-9&.'’-]*(?: [A-Z0-9][A-Za-z0-9&.'’-]*){{0,4}} ?(?:{forms})"),
    )


_QUOTED_NAME = re.compile(r"[\"„«“][^\"“”»\n]{2,60}[\"“”»]")
_LOWER_TAIL = re.compile(r"(?: [a-zà-ž]{3,}){1,2}(?=$|\s*[,|·•–—(]|\s-\s|\s{2,})")


def _with_legal_form(line: str) -> str | None:
    p = _patterns()
    if not line.isascii() and _CJK_OR_HANGUL.search(line):
        before_form, department, latin_name = _cjk_form_neighbours()
        latin = latin_name.search(line)
        # The form closes the Latin name when the line ends there or goes on with a department or a
        # particle ("Globex Japan 合同会社の佐藤です").
        rest = line[latin.end() :] if latin else ""
        if latin and (not rest.strip() or department.match(rest) or p.cjk_particles.match(rest)):
            return latin.group(0)
        cjk = p.cjk_legal.search(line)
        if cjk:
            lead = before_form.match(cjk.group(0))
            if lead:
                cjk = p.cjk_legal.search(line, cjk.start() + lead.end()) or cjk
            return _trim_cjk(cjk.group(0))
    script = _script_legal(line)
    if script:
        return script
    prefixed = p.prefix_legal.search(line)
    if prefixed:
        after = line[prefixed.end() :]
        quoted = _QUOTED_NAME.match(after)
        if quoted:
            return f"{prefixed.group(0)}{quoted.group(0)}"  # 'SIA "Zaļā Enerģija"'
        run = capitalised_run(after)
        if run:
            # "UAB Gintaro prekyba": Baltic names write their later words in lower case; only where
            # the segment ends after them, not in a sentence going on.
            lower = _LOWER_TAIL.match(after, len(run))
            if lower and not any(w in p.connectors or w in p.possessives for w in lower.group(0).split()):
                run += lower.group(0)
            return f"{prefixed.group(0)}{run}"
    m = p.legal.search(line)
    if not m:
        return None
    shown = _BRACKETED.sub("", line)  # "SDN. BHD. (201501023456 / 1148890-W)": its registration number
    if len(shown.split()) > 5 and not any(c.islower() for c in shown):
        return None  # a headline in capitals: "NOT AS BAD AS YOU THINK" has no Norwegian AS
    before = line[: m.start()]
    head = before
    # The name runs back from the legal form to a separator or a lower-case word.
    head = re.split(r"\s[|·•/–—-]\s|:\s|\t|(?<![A-Z][a-z]\.)(?<!Co\.),\s", head)[-1]
    name = capitalised_run(head, backwards=True)
    whole = head.strip()
    words = whole.split()
    if (
        name != whole
        and 2 <= len(words) <= 4
        and _is_capitalised(words[0])
        and words[0] not in p.stop_words
        and words[0] not in p.articles
        and any(not _is_capitalised(w) for w in words[1:])
        and not any(c.isdigit() for c in whole)
        and all(
            len(w) >= 4 or w in p.connectors for w in words if not _is_capitalised(w)
        )  # not "Organisé par"
    ):
        # A signature line that is the name: words after the first may be in lower case, as
        # Czech, Swedish or Portuguese names write them ("Slezské teplárny a.s.").
        name = whole
    elif (
        not name
        and 1 <= len(words) <= 3
        and whole == before.strip()
        and all(w.isalpha() and w.islower() for w in words)
        and words[0].capitalize() not in p.stop_words
        and words[0] not in p.articles
        and words[0] not in p.possessives
    ):
        # A brand written in lower case opening an imprint or signature line ("plinth labs OÜ ·
        # Telliskivi 60a, Tallinn", "loopdesk Ltd · Unit 4, Galway").
        name = whole
    if not name or name.lower() == "the" or name.lower() in p.possessives:
        return None  # "Notre AG" (our general meeting), "Unsere GmbH": a possessive names no one
    opens_line = words[0] in p.particles or (words[0] in p.line_articles and not line[m.end() :].strip())
    if len(words) == len(name.split()) + 1 and opens_line:
        name = f"{words[0]} {name}"  # "De Boer Advies B.V." on a line of its own
    elif (
        len(words) > len(name.split()) + 1
        and words[-len(name.split()) - 1] in p.particles
        and not any(c.isalpha() for c in " ".join(words[: -len(name.split()) - 1]))
    ):
        # "© 2026 The Data Ledger, Inc.": only a year or a sign before the particle.
        name = f"{words[-len(name.split()) - 1]} {name}"
    if name == whole and _JOINED.search(name):
        name = _partner_names(before[: len(before) - len(head)]) + name
    titled = _TITLE_OF.match(name)
    if titled and _is_title(titled.group("title").split()[-1]):
        # "I am the MD of Okoro Farms Limited"; not "Civic Data Collective of Chicago, NFP".
        name = name[titled.end() :]
    lead_in = p.lead_in.match(name)
    if lead_in and _is_capitalised(name[lead_in.end() :]):
        name = name[lead_in.end() :]  # "im Namen der Dr. Hansen Naturkost KG"
    return f"{name}{line[m.start() : m.end()]}".strip()


@lru_cache(maxsize=4096)
def _is_title(segment: str) -> bool:
    p = _patterns()
    # "Innkjøpsrådgiver", "Taloussihteeri": a compound that a title word ends.
    words = segment.lower().split()
    if len(words) == 1 and words[0].endswith(p.title_endings) and words[0].isalpha():
        return True
    hits = list(p.titles.finditer(segment))
    if hits and segment.rstrip(" .") == segment[: hits[-1].position + len(hits[-1].text)] + "s":
        return False  # "Growth Data Partners": a title word in the plural ends a firm's name
    return any(not _starts_a_longer_word(segment, hit.position + len(hit.text)) for hit in hits)


def _starts_a_longer_word(text: str, end: int) -> bool:
    """Whether a title word found at a word's start is only the start of another word: "Data" in
    "Dataflake Weekly", "Lead" in "LeadStack Data". An ending ("Directora", "Managerin") keeps it."""
    rest = re.match(r"[^\W\d_]+", text[end:])
    if not rest or not (rest.group(0)[0].isupper() or len(rest.group(0)) >= 4):
        return False
    # "Teamleider", "Projektmanager": a compound of title words is a title.
    tail = _patterns().titles.search(rest.group(0))
    return not (tail and tail.position == 0)


def drop_department(name: str) -> str:
    """The organisation without the unit written after it: "Alder County Purchasing Division" →
    "Alder County", "Riverside State University Career Center" → "Riverside State University"."""
    words = name.split()
    unit = _trailing_unit(words)
    if unit:
        return " ".join(words[:-unit])
    universities, units = _university_units()
    for i in range(1, len(words) - 1):
        if words[i] in universities and words[i + 1] in units:
            return " ".join(words[: i + 1])
    heads = _department_heads()
    org, hyphen, last = words[-1].rpartition("-") if words else ("", "", "")
    if hyphen and org and (last.lower() in heads or last.lower() in _patterns().role_words):
        return " ".join([*words[:-1], org])  # "ÖVLL-Geschäftsstelle": the unit written onto the name
    if len(words) < 3 or words[-1].lower().strip(".") not in heads:
        return name
    cut = len(words) - 1
    while cut > 0 and (_is_title(words[cut - 1]) or words[cut - 1].lower() in heads):
        cut -= 1
    if cut == len(words) - 1 or cut < 1:
        return name  # "Lincoln Center", "Kennedy Space Center": no unit word before the head
    if words[cut - 1].lower() in _patterns().connectors:
        return name
    return " ".join(words[:cut])


def _trailing_unit(words: list[str]) -> int:
    """How many words at the end name a unit after the organisation ("Riverdale Hospital IT",
    "Acme Group Finance"): only after an organisation word or a legal form, with two words left."""
    p = _patterns()
    for size in (2, 1):
        if len(words) < size + 2 or " ".join(words[-size:]).lower() not in p.units:
            continue
        rest = " ".join(words[:-size])
        if p.org_words.search(words[-size - 1]) or p.legal_tail.search(rest):
            return size
    return 0


@cache
def _university_units() -> tuple[frozenset[str], frozenset[str]]:
    data = load("company")
    return frozenset(map(str, data["university_words"])), frozenset(map(str, data["university_units"]))


@cache
def _department_heads() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load("company")["department_heads"])


def legal_name(line: str) -> str | None:
    """The name a legal form closes (or opens) on the line: "Překlady Vltava s.r.o."."""
    return _with_legal_form(line)


def is_title(segment: str) -> bool:
    """Whether the text holds a job-title or department word ("Senior Buyer", "Service comptabilité")."""
    return _is_title(segment)


def _plain_org(segment: str, person_name: str | None, is_place: Callable[[str], bool]) -> str | None:
    segment = segment.strip(" ,")
    if (
        not segment
        or _ADDRESS_OR_CONTACT.search(segment)
        or len([w for w in segment.split() if w not in _patterns().connectors]) > 7
    ):
        return None
    if person_name and (segment.lower() in person_name.lower() or person_name.lower() in segment.lower()):
        return None
    last = segment.split()[-1]
    org_words = _patterns().org_words
    if _is_title(segment) and (
        not org_words.search(segment) or (_is_title(last) and not org_words.search(last))
    ):
        return None  # "Head of Sales", "Systems Administrator" (a title's last word is its head)
    run = capitalised_run(segment)
    bare = segment.strip(" ,")
    if not run or (run != bare and run != bare.rstrip(".")):
        words = bare.split()
        if not words or words[0] not in _patterns().articles or capitalised_run(" ".join(words[1:])) != run:
            return None
        if run and words[0] in _patterns().particles:
            run = f"{words[0]} {run}"  # a signature segment "Les Trois Rivières Distribution"
    if is_place(run) or _patterns().sign_offs.fullmatch(run.lower()):
        return None
    return run


def compact(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Café Noir & Co" → "cafenoirco"."""
    if text.isascii():
        return _NON_ALNUM.sub("", text.lower())
    folded = unicodedata.normalize("NFKD", text.lower())
    return _NON_ALNUM.sub("", "".join(c for c in folded if not unicodedata.combining(c)))


def _abbreviates(key: str, name: str) -> bool:
    """Whether the label is built from the starts of the name's words, in order, from its first
    word to its last, words in between skipped: "smevl" for "Syndicat Mixte des Eaux du Val de
    Loire", "coopboreale" for "Coopérative agricole Boréale", "brightdeskcleaning" for
    "Brightdesk Commercial Cleaning". One or two trailing trade words may be left out
    ("vdterpstra" for "Van Dijk & Terpstra Logistiek", "tbofill" for "Transportes Bofill e Hijos")."""
    pairs = [(c, x[:1].isupper()) for x in name.split() if (c := compact(x))]
    words = [c for c, _ in pairs]
    if len(words) < 2 or len(words) > 8:
        return False
    # Skipping a capitalised word is leaving out part of the name, done once at most: "ag" from
    # "Amt für Statistik und Gesundheitsdaten des Kantons Aargental" skips two and is chance.
    capital = list(itertools.accumulate((int(up) for _, up in pairs), initial=0))

    def skipped(after: int, upto: int) -> int:  # capitalised words strictly between the two
        return capital[upto] - capital[after + 1]

    known: dict[tuple[int, int, int], bool] = {}

    def match(k: int, w: int, left: int) -> bool:
        # key[k:] is spelled by word w (a start of it) and then later words, ending with the last.
        if (k, w, left) not in known:
            known[k, w, left] = _spells(k, w, left)
        return known[k, w, left]

    def _spells(k: int, w: int, left: int) -> bool:
        word = words[w]
        for n in range(min(len(word), len(key) - k), 0, -1):
            if key[k : k + n] != word[:n]:
                continue
            if k + n == len(key):
                if w == len(words) - 1 or (
                    w >= 1 and len(words) - w <= 3 and skipped(w, len(words)) <= left
                ):
                    return True
                continue
            for v in range(w + 1, len(words)):
                cost = skipped(w, v)
                if cost <= left and match(k + n, v, left - cost):
                    return True
        return False

    return match(0, 0, 1)


_ACRONYM = re.compile(r"[A-ZÀ-Þ]{2,6}")


def expanded_acronym(name: str, text: str) -> str:
    """The full name an acronym stands for where the text spells it out beside it: "Fédération des
    entreprises de données du Québec (FEDQ)", "AIAD – Associazione Italiana Analisti di Dati"; the
    acronym itself otherwise. A CRM keeps the name people search for."""
    head, _, tail = name.partition(" ")
    if tail and _ACRONYM.fullmatch(head):
        return _spelled_before_place(head, tail, text) or name
    if not _ACRONYM.fullmatch(name):
        return name
    p = _patterns()
    acronym = re.escape(name)
    # "Name (ACR)", "ACR – Name", and "Name – ACR" as a footer writes it; the dash on the line, not
    # a rule line between two ("El equipo de la AEAD\n—\nAsociación …").
    spelled = re.compile(
        rf"(?P<a>[^\n()]{{6,90}}?)\s*\(\s*{acronym}\s*\)"
        rf"|(?<!\w){acronym}[ \t]+[–—-][ \t]+(?P<b>[^\n]{{6,90}})"
        rf"|(?P<c>[^\n()]{{6,90}}?)[ \t]+[–—-][ \t]+{acronym}(?!\w)"
    )
    for m in spelled.finditer(text):
        before = m.group("a") or m.group("c")
        full = (before or m.group("b") or "").strip()
        full = re.split(r"[.:;!?|·•]\s|\s[–—-]\s", full)[-1 if before else 0].strip(" ,[]")
        significant = [
            w for w in full.split() if (w.lower() not in p.connectors and len(w) > 1) or w[:1].isupper()
        ]
        if _spells_acronym(_initial_form(name), [_initial_form(w) for w in significant]):
            return full
        # "IDSF - Indian Data Science Foundation is a not-for-profit company": the capitals only.
        run = capitalised_run(full, backwards=bool(before))
        initials = [_initial_form(w) for w in run.split() if w.lower() not in p.connectors]
        if run != full and _spells_acronym(_initial_form(name), initials):
            # "à l'École Supérieure d'Informatique de Liège (ESIL)": not the article elided onto it.
            first, space, rest = run.partition(" ")
            return _without_elision(first) + space + rest
    if len(name) >= 3:
        # "Studer Andrea (KGA)" above a signature line "[Konsumgenossenschaft Aaretal]": a line that
        # is a name and nothing else, its words spelling the acronym.
        # Not on a line that writes the acronym too ("AEAD · Asociación Española de Analítica
        # Digital"): there the acronym is the name the sender goes by.
        lines = (line for line in text.splitlines() if name not in line)
        for segment in (piece.strip(" []") for line in lines for piece in _SEGMENT_SPLIT.split(line)):
            words = [w.upper() for w in segment.split() if w.lower() not in p.connectors]
            spells = len(words) >= 2 and _spells_acronym(name.upper(), words)
            # Words in lower case too where three or more spell it ("Association romande des
            # professionnels de la donnée" for ARPD), as French and Spanish names write them.
            written = capitalised_run(segment) == segment or (len(words) >= 3 and segment[:1].isupper())
            if spells and written:
                return segment
        # "Graduanda em Estatística – UFVI" signed, "estudante … na Universidade Federal do Vale do
        # Itapocu" written: a run of capitalised words of the text whose initials spell it.
        # Not on a line that writes the acronym too (see above).
        for line in text.splitlines():
            if name[0] not in line or name in line:
                continue
            for run in _runs(line):
                tokens = run.split()
                # "Estatística na Universidade …": the name may start inside the run.
                for start in (i for i, w in enumerate(tokens) if w[:1] == name[0]):
                    from_start = tokens[start:]
                    words = [_initial_form(w) for w in from_start if w.lower() not in p.connectors]
                    if len(words) >= 3 and _spells_acronym(name.upper(), words) and not run.isupper():
                        return " ".join(from_start)
    return name


def _initial_form(word: str) -> str:
    """A word as an acronym spells it: in capitals, without an elided article or accents
    ("d'Épargne" → "EPARGNE", for "CTEC" of "Caisse Téranga d'Épargne et de Crédit")."""
    bare = _without_elision(word)
    folded = "".join(c for c in unicodedata.normalize("NFKD", bare) if not unicodedata.combining(c))
    return (folded or bare).upper()


def _spells_acronym(acronym: str, words: list[str]) -> bool:
    """Whether the words' initials spell the acronym, a word giving one more letter of its own
    where it joins two ("ÖVLL" for "Österreichischer Verband für Lagerlogistik")."""
    if not words:
        return not acronym
    if not acronym or acronym[0] != words[0][0]:
        return False
    if _spells_acronym(acronym[1:], words[1:]):
        return True
    inner = words[0].find(acronym[1:2], 1) if len(acronym) > 1 else -1
    return inner > 0 and _spells_acronym(acronym[2:], words[1:])


def names_a_team(name: str, lines: Sequence[str]) -> bool:
    """Whether a line writes the name with a word for a team or mailbox after it ("CryptoYield
    Rewards Team"): a unit's name, not the organisation's."""
    roles = _patterns().role_words
    for line in lines:
        at = line.find(name)
        if at >= 0:
            after = line[at + len(name) :].split()
            if after and after[0].lower().strip(".,") in roles:
                return True
    return False


def signed_as_a_firm(name: str, lines: Sequence[str]) -> bool:
    """Whether a line writes the name with only a legal form after it ("Elektro Schmitt e.K." for
    the display name "Elektro Schmitt"): the name is the firm's, not a person's."""
    for line in lines:
        if name not in line:
            continue
        legal = _with_legal_form(line)
        if legal and legal != name and _patterns().legal_tail.sub("", legal).strip(" ,") == name:
            return True
    return False


def in_full_legal_form(name: str, lines: Sequence[str]) -> str:
    """The whole legal name a signature line writes around a shorter name the domain matched:
    "Sao Việt" for saoviet-soft.vn under "Công ty TNHH Giải pháp Phần mềm Sao Việt", where
    Vietnamese capitalises only a word's first syllable and the run of capitals breaks."""
    key = compact(name)
    for line in lines:
        if name not in line:
            continue
        # Vietnamese writes a word's syllables apart: a name known to be inside runs longer.
        legal = _script_legal(line, max_words=12)
        if legal and legal != name and key in compact(legal):
            return legal
    return name


def as_the_domain_spells(name: str, texts: Iterable[str], ctx: Context) -> str:
    """A name the domain only begins with, written on with words in lower case that complete the
    label ("Ridgeline solar" dictated, from ridgelinesolar.com): the whole name as written."""
    key = ctx.key
    if key is None or compact(name) == key.key or not key.key.startswith(compact(name)):
        return name
    pattern = re.compile(rf"(?<!\w){re.escape(name)}((?:\s+[a-zà-ÿ][\w&-]*){{1,2}})(?!\w)")
    for text in texts:
        for m in pattern.finditer(text):
            words = m.group(1).split()
            for n in range(len(words), 0, -1):
                fuller = f"{name} {' '.join(words[:n])}"
                if compact(fuller) == key.key:
                    return fuller
    return name


def signed_trade_name(name: str, lines: Sequence[str], ctx: Context) -> str:
    """The short name a signature types on its own ("CTO · Cuotify", a line "Nortedata") beside
    the legal name that begins with it ("Cuotify Tecnología S.A.S. - Av. Corrientes …"): the name
    the person goes by, which a sales-ops person enters; the legal line is the registration's. Not
    a logo's alt text ("[Hemvist]"), which shows no name typed, nor the head of the legal line
    itself ("Palavra Certa – Traduções, Unipessoal Lda.")."""
    if ctx.key is None or not _patterns().legal_tail.search(name):
        return name
    short_of_name = compact(name)
    for line in lines:
        if line.lstrip().startswith("[") or name in line:
            continue
        for segment in _SEGMENT_SPLIT.split(line.strip()):
            short = segment.strip(" ,;")
            if (
                len(short) < len(name)
                and short_of_name.startswith(compact(short))
                and name.startswith(short.split()[0] if short else "\0")
                and ctx.key.quality(short) == 3
                and _acceptable(short, ctx)
            ):
                return short
    return name


# A sentence ends at a full stop after a word (not "a.s." or "Ltda." inside a name) or a blank line.
_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{2}[.!?])\s+|\n\s*\n|(?<=[。！？])")
_CLAUSE_BREAK = re.compile(
    r"[,;]\s+(?=(?:and|but|while|whereas|now|currently|y|pero|e|mas|et|mais|und|aber)\b)"
)


def as_typed(name: str, texts: Iterable[str]) -> str:
    """A name in capitals ("THE PIPELINE POST #142" on a masthead) in the form the mail types it
    elsewhere, its capitalised article kept ("The Pipeline Post" in the display name)."""
    if not name.isupper() or len(name.split()) < 2:
        return name  # an acronym ("BVDG") is written so, and its lower case is an address's
    words = r"\s+".join(re.escape(w) for w in name.split())
    pattern = re.compile(rf"(?<!\w)((?:The|the)\s+)?{words}(?!\w)", re.IGNORECASE)
    for text in texts:
        for m in pattern.finditer(text):
            article = m.group(1) or ""
            typed = m.group(0)[len(article) :]
            if not typed.isupper() and not typed.islower():
                return f"{article}{typed}" if article.startswith("The") else typed
    return name


def left_employer(name: str, text: str) -> bool:
    """Whether every sentence of the text naming the organisation says the writer has left it: an
    applicant's former employer is not their organisation ("Until last month I was a Lead Data
    Engineer at Pemberton Financial Group")."""
    p = _patterns()
    # "Before I worked 2 years at Nile Fintech Solutions, and currently I am working as freelancer":
    # the clause that names it, not the sentence's other clause.
    clauses = [c for s in _SENTENCE_BREAK.split(text) for c in _CLAUSE_BREAK.split(s) if name in c]
    return bool(clauses) and all(
        p.former_employment.search(c) and not p.current_employment.search(c) for c in clauses
    )


def place_of_study(text: str, ctx: Context) -> str | None:
    """The university or school an applicant names in passing: "3e jaars Business IT & Management
    aan de Hogeschool van Amsterdam", "en M2 Data Science à l'Université Paris-Saclay". The name
    starts at most two capitalised words before the word for a school ("Athens University of
    Economics"), never across a connector ("Data Science à")."""
    p = _patterns()
    if not p.study_in_text.search(text):
        return None
    # Sentences end after a word, not after an abbreviation ("Education: B.A. Communication Studies").
    for sentence in re.split(r"(?<=[^\W\d_]{3}[.!?])\s+|\n", text):
        if p.studied.search(sentence):
            continue
        found = _study_run(sentence, ctx)
        if found:
            return found
    return None


# "Université libre de Bruxelles", "Université catholique de Louvain": a school word, an adjective in
# lower case, and the place or patron after "de".
_LOWER_CASE_SCHOOL = re.compile(
    r"\b(?P<school>[A-ZÀ-Þ][\w'’-]+) (?:[a-zà-ÿ]{3,} ){1,2}"
    r"(?:de la |de l['’]|de |di |da |do |del |des |d['’])[A-ZÀ-Þ][\w'’-]+(?: [A-ZÀ-Þ][\w'’-]+)?"
)


def _study_run(sentence: str, ctx: Context) -> str | None:
    p = _patterns()
    for m in _LOWER_CASE_SCHOOL.finditer(sentence):
        if m.group("school") in p.study and _acceptable(m.group(0), ctx):
            return m.group(0)
    for run in _runs(sentence):
        words = run.split()
        for i, word in enumerate(words):
            bare = _without_elision(word)
            if bare not in p.study and " ".join(words[i : i + 3]) not in p.study:
                continue
            start = i
            while start > max(0, i - 2) and words[start - 1] not in p.connectors:
                if not _is_capitalised(words[start - 1]):
                    break
                start -= 1
            found = " ".join([_without_elision(words[start]), *words[start + 1 :]])
            if len(found.split()) >= 2 and _acceptable(found, ctx):
                return found
    return None


def _same_stem(a: str, b: str) -> bool:
    """Two case forms of one word: "Politechnice" and "Politechnika", "Technischen" and
    "Technische" share all but their endings."""
    if a[:1] != b[:1]:
        return False
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= 4 and shared >= max(len(a), len(b)) - 4


def as_signed(name: str, lines: list[str]) -> str:
    """The name in the form the signature writes it, where a sentence of the body gave it in
    another case: "studentką na Politechnice Warszawskiej" above "Politechnika Warszawska, Wydział
    Elektroniki". A CRM keeps the name in the form people search for."""
    words = name.split()
    legal_tail = _patterns().legal_tail
    for line in lines:
        for segment in re.split(r"\s*[|·•–—]\s*|,\s+(?!\S+\.?$)|\s+-\s+", line):
            # "Stadtwerke Donautal GmbH" signed for "bei den Stadtwerken Donautal": the form aside.
            found = legal_tail.sub("", segment).split()
            if len(found) != len(words) or found == words:
                continue
            if all(_same_stem(a, b) for a, b in zip(words, found, strict=True)):
                return segment.strip()
    return name


def _spelled_before_place(acronym: str, tail: str, text: str) -> str | None:
    """ "IPDS Rennes" in a signature, "l'Institut Polytechnique de Data Science de Rennes" in the
    body: an acronym with its town is the short form of the capitalised words before that town
    whose initials spell it. The town must follow them, so initials that merely happen to match
    elsewhere in the text are not taken."""
    p = _patterns()
    if len(tail.split()) > 3 or not _is_capitalised(tail):
        return None
    for m in re.finditer(rf"(?<!\w){re.escape(tail)}(?!\w)", text):
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].split()
        joint = [before.pop()] if before and before[-1].lower() in p.connectors else []
        for start in range(len(before) - 1, max(-1, len(before) - 10), -1):
            words = [_without_elision(before[start]), *before[start + 1 :]]
            if not words[0][:1].isupper():
                continue
            significant = [w for w in words if w.lower() not in p.connectors]
            if not all(_is_capitalised(w) for w in significant):
                break
            if "".join(w[0] for w in significant).upper() == acronym.upper():
                return " ".join([*words, *joint, tail])
    return None


def _initials(name: str) -> str:
    """The initials of the capitalised words: "usp" for "Universidade de São Paulo"."""
    words = [w for w in name.split() if _is_capitalised(w)]
    return compact("".join(w[0] for w in words)) if len(words) >= 3 else ""


# German and Nordic letters as domains spell them ("bueroservice-lehmann.de", "boennebaren.dk").
_SPELLED_OUT = ("ae", "oe", "ue", "Ae", "Oe", "Ue", "ss", "oe", "Oe", "ae", "Ae", "aa", "Aa")
_UMLAUTS = str.maketrans(dict(zip("äöüÄÖÜßøØæÆåÅ", _SPELLED_OUT, strict=True)))


def _spelled_by_words(key: str, words: list[str]) -> bool:
    """Whether the label is the first word and some later words of the name, whole and in order
    (domains are often two words of a longer name: "caldertransit")."""
    if len(words) < 3 or not words[0] or not key.startswith(words[0]) or len(key) < 8:
        return False
    rest, used = key[len(words[0]) :], 1
    for word in words[1:]:
        if word and len(word) >= 3 and rest.startswith(word):
            rest, used = rest[len(word) :], used + 1
    return not rest and used >= 2


@dataclass(frozen=True, slots=True)
class DomainKey:
    """The sender's domain label, to corroborate a written name ("claymoretax" in claymoretax.co.uk)."""

    key: str  # the label without hyphens
    first: str  # its first hyphen-separated part
    parts: tuple[str, ...]  # all its hyphen-separated parts

    @classmethod
    def of(cls, domain: str | None, address: str | None = None) -> DomainKey | None:
        if not domain or domain in _shared_domains():
            return None
        if address and domain in _publishing_platforms():
            domain = address.partition("@")[0]  # "datenwerkstatt@substack.com": the publication's label
        label = domain.split(".")[0].lower()
        key = compact(label)
        parts = tuple(compact(x) for x in label.split("-") if x)
        return cls(key, parts[0], parts) if len(key) >= 3 else None

    def quality(self, name: str) -> int:
        """As ``_quality``, also with German umlauts spelled out as domains write them
        ("Büroservice Lehmann" for bueroservice-lehmann.de), and without a leading article the
        domain leaves out ("El Molino de la Esperanza" for molinolaesperanza.com.mx)."""
        found = self._quality(name)
        first, _, rest = name.partition(" ")
        if found < 3 and rest and first in _patterns().articles:
            found = max(found, self._quality(rest))
        # "City of Millbrook Springs" for millbrooksprings-ga.gov: the place the public body is of.
        if found < 2 and rest and first in _patterns().public_body_heads:
            of, _, place = rest.partition(" ")
            if place and of in ("of", "de", "di", "du", "von", "do", "da"):
                found = max(found, min(2, self._quality(place)))
        if found < 3:
            spelled = name.translate(_UMLAUTS)
            if spelled != name:
                found = max(found, self._quality(spelled))
        return found

    def _quality(self, name: str) -> int:
        """3: the name spells the label; 2: one begins with the other, or the name holds it (or
        its hyphen-separated parts, in order); 1: they share a distinctive first word; 0: no."""
        bare = _patterns().legal_tail.sub("", name)
        # A form written before the name, the name in quotes ("UAB „Baltijos vėjas“", "ООО «Дала»").
        opened = _quoted_after_form().match(bare)
        if opened and opened.end() < len(bare):
            bare = bare[opened.end() :].strip(" „“”\"«»'")
        c = compact(bare)
        if len(c) < 3:
            return 0
        if c == self.key or ("&" in bare and compact(bare.replace("&", " and ")) == self.key):
            return 3  # "Thread & Ink" for threadandink.co
        if len(self.key) >= 4 and len(c) >= 4 and (c.startswith(self.key) or self.key.startswith(c)):
            return 2
        # "Vessel & Vine Wine Co." for vesselandvine.com: "&" spelled out, then one more word.
        spelled_and = compact(bare.replace("&", " and ")) if "&" in bare else ""
        if len(self.key) >= 6 and spelled_and.startswith(self.key):
            return 2
        if len(self.key) >= 6 and self.key in c:
            return 2
        if len(self.key) >= 4 and c.endswith(self.key) and _patterns().org_words.search(bare):
            return 2  # "University of Otago" for otago.ac.nz
        if len(self.parts) > 1 and all(len(x) >= 3 for x in self.parts):
            at = 0
            for part in self.parts:
                at = c.find(part, at)
                if at < 0:
                    break
                at += len(part)
            else:
                return 2
            if all(part in c for part in self.parts):
                return 2  # "Stiftung Datenkompetenz Schweiz" for datenkompetenz-stiftung.ch
        if _spelled_by_words(self.key, [compact(w) for w in bare.split()]):
            return 2  # "Calder County Regional Transit Authority" for caldertransit.org
        first = compact(bare.split()[0]) if bare.split() else ""
        if len(first) >= 4 and first == self.first:
            return 1
        if first[:1] == self.key[:1] and (
            (len(self.key) >= 5 and _abbreviates(self.key, bare)) or _initials(bare) == self.key
        ):
            return 2  # "Syndicat Mixte des Eaux du Val de Loire" for smevl.fr
        return 0

    def written(self, text: str) -> str | None:
        """The label written as words in lower case ("tiny orbit" for tinyorbit.app)."""
        if len(self.key) < 5 or not self.key.isalpha():
            return None
        gaps = r"[ -]?".join(re.escape(c) for c in self.key)
        # Not inside an address or a link's parameters ("utm_source=substack&utm_medium=email").
        m = re.search(rf"(?<![\w@./=?&#:-]){gaps}(?![\w@=&-]|\.\w)", text, re.IGNORECASE)
        return m.group(0) if m else None


@cache
def _publishing_platforms() -> frozenset[str]:
    return frozenset(strings("company", "publishing_platforms"))


@cache
def _shared_domains() -> frozenset[str]:
    """Domains many organisations share (nhs.net): the domain spells the network's name, not the
    person's organisation, so it has no key to corroborate a name with."""
    return frozenset(strings("company", "shared_domains"))


@cache
def _quoted_after_form() -> re.Pattern[str]:
    data = load("company")
    forms = "|".join(re.escape(str(f)) for f in (*data["prefix_legal_forms"], *data["quoted_name_forms"]))
    return re.compile(rf"(?:{forms})\s+[„“”\"«»']*(?=\w)")


@dataclass(frozen=True, slots=True)
class Context:
    """What the company finder knows besides the text."""

    person_name: str | None
    key: DomainKey | None
    own: tuple[str, ...]  # compacted names of the tenant itself and its products
    is_place: Callable[[str], bool]
    local: str = ""  # the sender address's local part, compacted ("yujinchoidata")


_CODE_LIKE = re.compile(r"(?=(?:\D*\d){3})[A-Za-z0-9]{16,}")


def _acceptable(name: str, ctx: Context) -> bool:
    if len(re.sub(r"\W", "", name)) < 2 or name in _patterns().stop_words:
        return False
    if " " not in name.strip() and _patterns().org_words.fullmatch(name.strip().capitalize()):
        return False  # "Agence" alone (agence-kaleido.fr): the kind of organisation, not its name
    words = name.split()
    if (
        ctx.local
        and ctx.person_name
        and not _in_latin(ctx.person_name)
        and len(words) >= 2
        and all(len(compact(w)) >= 2 and compact(w) in ctx.local for w in words)
    ):
        return False  # "Yujin Choi" beside 최유진 <yujin.choi.data@…>: the writer's name in Latin letters
    handle = name == name.lower() and _HANDLE.fullmatch(name)
    if handle and ctx.key is not None and compact(name) == ctx.key.key:
        return False  # "goodday-bakery": an account handle the domain spells, not a name as written
    if "@" in name or "＠" in name:
        return False  # a contact line ("Mail：k.sato@…", its colon full-width), not a name
    if len(name) >= 16 and _CODE_LIKE.fullmatch(name.strip()):
        return False  # "TQ7xV4nE9bR2kLm8PzC1yH5wJ3dF6sA0gU": a wallet address or key, no name
    if re.search(r"[，。]", name):
        return False  # a Chinese or Japanese sentence ("此邮件为商业信息，如有打扰敬请谅解"), not a name
    p = _patterns()
    if not re.sub(r"[\W_]", "", p.legal_tail.sub("", name)) or p.cjk_form.fullmatch(name.strip()):
        return False  # a legal form alone ("株式会社"): what is left of a name cut off
    if re.search(r"[$€£¥₹]", name):
        return False  # "HK$5,200. Limited to 30 places": a price, not a name with its form
    joined = re.split(r"\s+(?:and|&|und|et|y|e)\s+", name.strip())
    if len(joined) > 1 and all(ctx.is_place(part) for part in joined):
        return False  # "registered in England and Wales": places, not an organisation
    if name.rstrip().endswith((":", "：", "~", "～", "!", "！")):
        return False  # a salutation, lead-in or thanks ("Hi，各位数据人：", "안녕하세요~", "Valeu!")
    bare = name.strip().lower()
    if " " not in bare and (bare in _department_heads() or bare in _patterns().role_words):
        return False  # "Buchhaltung" signing alone: a department, not whose it is
    if name.lstrip().startswith(("【", "〔", "［", "《")):
        return False  # a bulletin's section heading ("【研究院动态】")
    c = compact(name)
    # The tenant, also inside a longer name ("Facturation Lumen Analytics", phishing in its name).
    if c and any(c.startswith(own) or (len(own) >= 8 and own in c) for own in ctx.own):
        return False
    if ctx.person_name and c:
        person = compact(ctx.person_name)
        bare = compact(_patterns().legal_tail.sub("", name))
        if c == person or bare == person or (len(c) >= 3 and c in person):
            return False
        # "Saad Ahmed Qureshi" signed under "Saad Qureshi", "Lucía Ferreyra" under "Lu Ferreyra":
        # the person's full name, not an organisation.
        mine = [compact(w) for w in ctx.person_name.split()]
        theirs = [compact(w) for w in words]
        if (
            len(mine) >= 2
            and 2 <= len(theirs) <= 4
            and mine[-1]  # a name in a script compact() cannot spell ("佐藤 美咲") matches nothing
            and theirs[-1] == mine[-1]
            and theirs[0].startswith(mine[0])
        ):
            return False
        # "Ollie" under a note from Oliver Pennington: a short form of the first name, not a company.
        first = compact(ctx.person_name.split()[0]) if ctx.person_name.split() else ""
        if len(name.split()) == 1 and len(first) >= 4 and len(c) <= 7 and c[:2] == first[:2]:
            return False
    if ctx.person_name and ctx.person_name.split() and len(words) == 1 and not _in_latin(name):
        # "Дима" under Дмитрий Орлов: a short form of the first name, in a script compact() cannot
        # spell; these often share only the first letter (Дима, Саша, Миша).
        first, short = ctx.person_name.split()[0].casefold(), name.casefold()
        if len(first) >= 4 and len(short) <= 6 and short[:1] == first[:1]:
            return False
    # "Perth WA", "Boise ID": a town and its state's code.
    town, _, state = name.strip().rpartition(" ")
    if town and 2 <= len(state) <= 3 and state.isupper() and state.isalpha() and ctx.is_place(town):
        return False
    return not ctx.is_place(name)


def acceptable(name: str, ctx: Context) -> bool:
    """Whether the name may be the organisation: not the tenant, the person or a place."""
    return _acceptable(name, ctx)


class Legal(str):
    """A name closed by a legal form ("Tokai Denki Co., Ltd.", "東海電機株式会社"); ``joined`` is
    the line's brand word and a dash before it ("Lagarteira – Vinhos do Douro, Lda."), which
    belong to the name when the brand spells the domain."""

    lead: str = ""
    joined: str = ""


_DASHED_LEAD = re.compile(r"\s*([^\W\d_][\w&'’.]*(?:\s[^\W\d_][\w&'’.]*){0,2})\s[–—-]\s")


def _legal(found: str, line: str) -> Legal:
    legal = Legal(found)
    at = line.find(found)
    lead = _DASHED_LEAD.fullmatch(line[:at]) if at > 0 else None
    if lead and not _is_title(lead.group(1)):
        legal.lead, legal.joined = lead.group(1), line[: at + len(found)].strip()
    return legal


# An image's alt text as a mail client writes it into the text: "[Kessler Maschinenbau Logo]",
# "Logo: Dansk Vindservice", "Acme-Logo".
_LOGO_WORDS = re.compile(r"^\s*\[?\s*(?:logo|Logo|LOGO)\b[:\s-]*|[\s-]*\b(?:logo|Logo|LOGO)\s*\]?\s*$")


_POSTCODE_TOWN = re.compile(r"(?:^|(?<=,))\s*(?:\d{2}-\d{3}|\d{4,5})\s+[^\W\d_][\w-]*")


# A limited partnership's imprint names its general partner, a firm of its own, not the sender's.
_GENERAL_PARTNER = re.compile(
    r"^\s*(?:Persönlich haftende Gesellschafterin|Komplementär(?:in)?|phG|General partner"
    r"|Associé commandité)\b",
    re.IGNORECASE,
)


def _line_names(line: str, *, legal_first: bool = False) -> Iterator[str]:
    if _patterns().former_name.match(line):
        return  # "(formerly MedSpring Clinics - same team, new name!)"
    if _GENERAL_PARTNER.match(line):
        return  # "Persönlich haftende Gesellschafterin: Kessler Verwaltungs-GmbH"
    if "ogo" in line or "OGO" in line:
        line = _LOGO_WORDS.sub("", line).strip("[] ")
    # Segment by segment, so that of a name written in two scripts ("Tyrell Bio Israel Ltd. |
    # טיירל ביו ישראל בע"מ") the one written first comes first, whichever script has the legal form.
    segments = _SEGMENT_SPLIT.split(line)
    for part in segments if len(segments) > 1 and _script_legal(line) else [line]:
        found = _with_legal_form(part)
        if found:
            # A legal form of another script ("Công ty Cổ phần Thép Hà Nội") makes the whole segment
            # the name: a city inside it that spells the domain ("Hà Nội") is not the organisation.
            yield _legal(found, part) if legal_first or found == _script_legal(part) else found
            break
    for segment in segments:
        # "ul. Kazimierza Karasia 15, 64-100 Leszno": the town after a postcode is no name, even
        # where the domain spells it (um.leszno.pl).
        segment = _POSTCODE_TOWN.sub("", segment.strip(" -–—•*>")).strip(" ,")
        # "Redhill Printing Pte Ltd（红山印刷私人有限公司）": the form written first.
        segment = _without_other_script(segment)
        if segment and not re.search(r"@|https?://|www\.", segment):
            yield from _lower_case_name(segment.split(", ")[0])
            yield from _runs(segment)
            if (
                segment.islower()
                and 1 <= len(segment.split()) <= 4
                and _is_latin(segment)
                and not re.search(r"[\d:/]", segment)
                and not _HOSTNAME.fullmatch(segment)
            ):
                # "ciara walsh · brightfern studio · galway": a writer who types everything in lower
                # case; the domain decides whether it is the organisation ("growth at fernlight":
                # the part after the role).
                yield re.split(r"\s(?:at|@)\s", segment.split(", ")[0])[-1]


def _lower_case_name(segment: str) -> Iterator[str]:
    """A name with words in lower case, to match against the domain: "Coopérative agricole
    Boréale", "Älvdals kommun"."""
    p = _patterns()
    words = segment.split()
    if (
        2 <= len(words) <= 5
        and _is_capitalised(words[0])
        and words[0] not in p.stop_words
        and words[0] not in p.articles
        and words[-1].lower() not in p.role_words
        and any(not _is_capitalised(w) for w in words)
        and not any(c.isdigit() or c in ",;:.()@" for c in segment)
        and all(_is_capitalised(w) or len(w) >= 4 or w in p.connectors for w in words)
        # "Jordan here from Chinook Creative": words of a sentence, not of a name.
        and not any(w.islower() and w.capitalize() in p.stop_words for w in words)
    ):
        yield segment


_HOSTNAME = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def corroborated(sources: Iterable[Iterable[str]], ctx: Context, *, strict: bool) -> str | None:
    """The first written name the domain label corroborates, source by source; within a source
    a name spelling or holding the label beats one sharing only its first word. ``strict`` (junk
    mail) takes only a name that holds the whole label. A web address ("7riverscu.org") counts
    only when no written name does: it spells the label by construction ("Zakupowo.pl" is a
    brand written so, and still found then)."""
    if ctx.key is None:
        return None
    # Each source is read only when the one before it names nothing: most emails are settled by
    # their signature, and reading the body for names is the dearest source.
    pending = iter(sources)
    listed: list[list[str]] = []

    def read() -> Iterator[list[str]]:
        yield from listed
        for names in pending:
            listed.append(list(names))
            yield listed[-1]

    found = _corroborated((_without_hostnames(names) for names in read()), ctx, strict=strict)
    if found is None:
        return _corroborated(read(), ctx, strict=strict)
    short = compact(found)
    if not strict and len(short) >= 4 and ctx.key.key.startswith(short) and short != ctx.key.key:
        # "¡Nos vemos en la Colmena!" signed, "Colmena Cowork" shown, colmenacowork.mx: the name
        # that spells the whole label, from a later source.
        # The signature's own lines, the lines above it and the display name; not the body, the
        # dearest source to read.
        for names in itertools.islice(read(), 3):
            for name in _without_hostnames(names):
                if compact(name).startswith(short) and ctx.key.quality(name) == 3 and _acceptable(name, ctx):
                    return name
    return found


_IMAGE_ALT = re.compile(r"""<img\b[^>]*?\balt\s*=\s*(?:"([^"<>]{2,80})"|'([^'<>]{2,80})')""", re.IGNORECASE)


def image_names(html: str) -> Iterator[str]:
    """The text of an HTML signature's images ("<img alt="Atelier Brume">", a logo): what a
    reader sees there, a name only when the domain corroborates it."""
    if "<img" not in html and "<IMG" not in html:
        return
    for m in _IMAGE_ALT.finditer(html):
        yield html_module.unescape(m.group(1) or m.group(2)).strip()


def _without_hostnames(names: list[str]) -> list[str]:
    return [name for name in names if not _HOSTNAME.fullmatch(name.strip())]


def _lead_names_a_kind(lead: str) -> bool:
    p = _patterns()
    words = lead.split()
    return (
        not words
        or words[-1].lower() in p.connectors
        or words[0] in p.public_body_heads
        or bool(p.org_words.search(lead))
    )


def _corroborated(sources: Iterable[Iterable[str]], ctx: Context, *, strict: bool) -> str | None:
    key = ctx.key
    if key is None:
        return None
    for names in sources:
        weak: str | None = None
        seen = list(names)
        for name in seen:
            if isinstance(name, Legal) and not strict and _acceptable(name, ctx):
                return name.joined if name.lead and key.quality(name.lead) == 3 else str(name)
            q = key.quality(name)
            if q == 0 or not _acceptable(name, ctx):
                continue
            if strict:
                if compact(_patterns().legal_tail.sub("", name)).startswith(key.key):
                    return name
                continue
            if q == 2:
                # "Matinale Club Décision & Données" beside "Club Décision & Données" (for
                # club-decision-donnees.fr): a word before the name that the label spells is an
                # event's or a sentence's, not the name's.
                # Not an organisation word with its place ("City of Port Alder", "Gemeente Apeldoorn").
                name = next(
                    (
                        n
                        for n in seen
                        if name.endswith(" " + n)
                        and key.quality(n) == 3
                        and not _lead_names_a_kind(name[: -len(n)])
                        and _acceptable(n, ctx)
                    ),
                    name,
                )
            if q >= 2:
                return _completed(name, seen, key, ctx)
            if weak is None:
                weak = name
        if weak is not None:
            return weak
    return None


def _completed(name: str, seen: list[str], key: DomainKey, ctx: Context) -> str:
    """A name shorter than the label ("Quill" for quillproject.org, "Kuopio" for kuopionrt.fi) is
    often the start of the full name written beside it: "The Quill Foundation", "Kuopion
    Rakennustarvike Oy" (with an organisation word or legal form) is that organisation."""
    c = compact(name)
    p = _patterns()
    # "I lead alliances at Syncrest" above "Syncrest Technologies Pte. Ltd.": the legal name the
    # same source writes out in full.
    legal = next(
        (
            o
            for o in seen
            if len(o) > len(name)
            and p.legal_tail.search(o)
            and compact(o).startswith(c)
            and _acceptable(o, ctx)
        ),
        None,
    )
    if legal is not None:
        return legal
    if c == key.key:
        # "Ruapehu Coast" (ruapehucoast.govt.nz) in "Ruapehu Coast District Council": the kind of
        # body written after the name the domain spells belongs to it.
        fuller = (
            o
            for o in seen
            if o.startswith(name + " ") and p.org_words.search(o[len(name) :]) and _acceptable(o, ctx)
        )
        return next(fuller, name)
    if not key.key.startswith(c):
        return name
    # "Head of Talent | TalentoNorte": the title's last word begins the label, the brand beside
    # it spells it.
    spelled = next((o for o in seen if key.quality(o) == 3 and _acceptable(o, ctx)), None)
    if spelled is not None:
        return spelled
    # "Veri" (veritoplulugu.org) beside "İstanbul Veri Topluluğu Derneği": a name holding the
    # whole label, the short one among its words, is the organisation the short one begins.
    holding = next(
        (
            o
            for o in seen
            if len(o) > len(name)
            and key.key in compact(o)
            and name in o.split()
            and _acceptable(o, ctx)
        ),
        None,
    )
    if holding is not None:
        return holding
    best = name
    for other in seen:
        words = other.split()
        bare = " ".join(words[1:]) if words and words[0] in p.articles else other
        if (
            len(other) > len(best)
            and compact(bare).startswith(c)
            and (p.org_words.search(other) or p.legal_tail.search(other))
            and _acceptable(other, ctx)
        ):
            best = other
    return best


def is_prose(line: str) -> bool:
    """A sentence of the body rather than a signature line."""
    if len(line) > 90:
        return True
    # Words, not separators: "Gerente de BI | Ipê Varejo Ltda." is a signature line.
    words = [w for w in line.split() if w not in ("|", "·", "•", "-", "–", "—")]
    if not (line.rstrip().endswith((".", "?", "!")) and len(words) > 6 and len(words) == len(line.split())):
        return False
    # "El Molino de la Esperanza, S.A. de C.V.": the full stop closes a legal form, not a sentence.
    return not (line.rstrip().endswith(".") and _patterns().legal_tail.search(line))


def signature_names(lines: list[str], *, legal_first: bool = False) -> Iterator[str]:
    """Names written on the lines; with ``legal_first`` (a signature block) a name with a legal
    form is marked, so that it wins when no name on an earlier line matches the domain."""
    for line in lines:
        yield from _line_names(line, legal_first=legal_first)


def body_names(text: str, key: DomainKey | None) -> Iterator[str]:
    """Capitalised runs of the body, only where the label's first or last letters occur (cheap
    skip; the last for a label that abbreviates the name's first words, "unimontecorvo")."""
    if key is None:
        return
    ends = (key.key[:4], key.key[-4:]) if len(key.key) >= 7 else (key.key[:4],)
    whole = compact(text)
    if not any(end in whole for end in ends):
        return
    for line in text.splitlines():
        short = compact(line)
        if any(end in short for end in ends):
            yield from _runs(line)
    found = key.written(text)
    if found:
        yield found


def _without_name(line: str, person_name: str | None) -> str:
    """The signature line without the person's name written before a comma or separator ("Maria
    Lopez, CFO, Brightpath Dental" → "CFO, Brightpath Dental"; "— Maria, Brightpath Dental")."""
    if not person_name:
        return line
    bare = line.lstrip(" -–—•*>")
    for name in (person_name, person_name.split()[0]):
        # A sign-off with the name on its line ("Mvh Mette", "Best, Dana"): no organisation.
        if len(name) >= 2 and bare.endswith(name) and len(bare[: -len(name)].split()) <= 3:
            head = bare[: -len(name)]
            if not head or head[-1:] in " ,":
                return ""
    for name in (person_name, person_name.split()[0]):
        if len(name) >= 2 and bare.startswith(name):
            rest = bare[len(name) :]
            m = re.match(r"\s*(?:,|\||·|•|–|—|-)\s*", rest)
            tail = rest[m.end() :].strip() if m else ""
            if tail and not _CREDENTIALS.fullmatch(tail):
                return tail
    return line


_WRITER_LINK = re.compile(
    r"^\s*(?:(?:von|vom|der|dem|from|at|of|de|la|du|da|do|della|del|van|bij|chez|z|ze)\s+)+"
)


def without_writer(found: str | None, person_name: str | None) -> str | None:
    """A legal name without the writer's name and the linking word after it ("hier schreibt Frank
    Weber von der Weber Baustoffhandel GmbH" → "Weber Baustoffhandel GmbH")."""
    if not found or not person_name or not found.startswith(person_name + " "):
        return found
    rest = found[len(person_name) :]
    link = _WRITER_LINK.match(rest)
    if not link:
        return found
    rest = rest[link.end() :]
    return rest if rest[:1].isupper() else found


_LABELLED = re.compile(r"^\s*[\w][\w .'/-]{0,28}:\s")
_TABLE_ROW = re.compile(r"^\s*(?P<label>[\w][\w .'/-]{0,28}) \| \S[^|]*$")


def _form_table(lines: list[str]) -> bool:
    """Whether the lines hold a form tool's table as text ("Email | daniel@…", "Location | Nairobi"):
    several rows, one with a form's label ("Operations Manager | Stonebridge Manufacturing" is a
    signature line)."""
    rows = [m for m in map(_TABLE_ROW.match, lines) if m]
    return len(rows) >= 3 and any(label_key(m.group("label")) is not None for m in rows)


_NAME_WORD_SPLIT = re.compile(r"[\s,]+")


# An address's "@", not a sign-off's "Jarrah @ Saltbush Provisions".
_ADDRESS_AT = re.compile(r"[\w.+-]@[\w-]")


_COUNTY_AFTER = re.compile(r"\s+(?:na\s+|an\s+)?[A-Z][a-zà-ÿ]+(?:\s|,|$)")


def from_signature(lines: list[str], ctx: Context, *, lenient: bool = True) -> str | None:
    """The organisation's line of a signature block. ``lenient`` also takes the comma part of a
    title line ("Partnerskabsansvarlig, Copenhagen Data Forum"), which may be a unit instead
    ("Director, BI & Analytics")."""
    for i, line in enumerate(lines):
        if "©" in line or "(c)" in line.lower():
            continue  # a copyright line may name an impersonated brand
        legal = _with_legal_form(line)
        if legal and _COUNTY_AFTER.match(line, line.find(legal) + len(legal)) and legal.endswith("Co."):
            continue  # "Na Forbacha, Co. na Gaillimhe H91 X2Y4": Ireland's "Co." is a county
        before = lines[i - 1] if i else ""
        wrapped = len(before) >= 50 and sum(w[:1].islower() for w in before.split()) >= 3
        if legal and wrapped and line.startswith(legal):
            # A wrapped sentence: "… bei der Lorenz Mediengruppe" / "GmbH & Co. KG in Bielefeld".
            legal = _with_legal_form(before.rstrip() + " " + line) or legal
        found = without_writer(legal, ctx.person_name)
        if found and _acceptable(found, ctx):
            return found
    # No legal form: the line (or segment) under the name that is neither a title nor an address.
    person_name = ctx.person_name
    first = (person_name or "").split()[:1]
    # "Lozano Ferrer, María Teresa" shown, "María Teresa Lozano Ferrer" signed: the same words.
    words = sorted(_NAME_WORD_SPLIT.split((person_name or "").lower()))
    start = 0
    for i, line in enumerate(lines):
        low = line.lower()
        if _ADDRESS_AT.search(low):
            continue  # "katrin.vogelsang@uk-rheinaue.de": the address, not the name's line
        if person_name and (person_name.lower() in low or (first and low.startswith(first[0].lower()))):
            start = i
        elif len(words) >= 3 and sorted(_NAME_WORD_SPLIT.split(low.strip())) == words:
            start = i + 1  # the line is the name and nothing else
    # A labelled line ("Titular: Analista BI | SQL · dbt") is a field of a notification or a contact
    # line, not the organisation's own line.
    table = _form_table(lines)
    window = [
        _without_name(line, person_name)
        for i, line in enumerate(lines[start : start + 5])
        # The line right under the name may be the name again in Latin letters.
        if not _LABELLED.match(line)
        and not (table and _TABLE_ROW.match(line))
        and not (i == 1 and _romanised(line, person_name))
        and not _place_in_two_languages(line, ctx)
    ]
    # First pass: a comma part of a title line ("VP, Finance Systems") is a department.
    for loose in (False, True) if lenient else (False,):
        for n_line, line in enumerate(window):
            if is_prose(line):
                continue
            if _unit_above_its_organisation(line, window[n_line + 1 : n_line + 2]):
                continue
            title_line = _is_title(_SEGMENT_SPLIT.split(line)[0].split(",")[0])
            for n, segment in enumerate(_SEGMENT_SPLIT.split(line)):
                if n and title_line and not loose:
                    # "Senior BI Analyst | Information Services": a unit beside a title; the
                    # organisation's own line below it comes first.
                    continue
                parts = [segment]
                if "," in segment:
                    head, *rest = segment.split(",")
                    if _is_title(segment) and title_line:
                        if not loose:
                            continue
                        parts = [head, *rest]
                    elif all(_is_title(r) for r in rest) and not _is_title(head):
                        parts = [head]  # "Uniwersytet Jagielloński, Wydział Matematyki i Informatyki"
                    elif all(ctx.is_place(r) or re.search(r"\d", r) for r in rest):
                        parts = [head]  # "Softtech Global Solutions, Pune"
                        whole = len(rest) >= 2 or is_country(rest[0]) or is_subdivision(rest[0])
                        if whole and not _names_an_org(head, ctx):
                            # "Johar Town, Lahore, Pakistan": a district, a city, a country;
                            # "Johor Bahru, Malaysia", "Shah Alam, Selangor": a city and its
                            # country or state.
                            continue
                    elif loose and len(head.split()) == 1 and not ctx.is_place(head):
                        # An unknown title: "Partnerskabsansvarlig, Copenhagen Data Forum"
                        parts = [segment, *(r for r in rest if len(r.split()) >= 2)]
                for part in parts:
                    if len(part.strip()) < 3:
                        continue  # "Toronto, ON": a postal abbreviation
                    if part.count("(") != part.count(")") or "「" in part or "」" in part:
                        continue  # a piece of a sentence ("「Data Engineer (Remote, APAC)」のポジションに")
                    at = _TITLE_AT.match(part.strip())
                    if at and _is_title(at.group("title")):
                        part = at.group("org")
                    org = _plain_org(part, person_name, ctx.is_place)
                    if org and _acceptable(org, ctx):
                        return org
    return None


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"'(]*([^\W\d_])", re.MULTILINE)
_CLAUSE = re.compile(r"[^,.;:!?()\n]+")
_DOTTED = re.compile(r"\S+\.\S+")


def writes_in_lower_case(text: str) -> bool:
    """Whether the writer starts lines and sentences in lower case ("hey guys\n\nwe run 3 cafes")."""
    starts = [m.group(1) for m in _SENTENCE_START.finditer(text)]
    return len(starts) >= 3 and sum(c.islower() for c in starts) >= 0.75 * len(starts)


@cache
def _caseless_org_end() -> re.Pattern[str]:
    """A legal form or an organisation word closing a name, in any case ("… pty ltd", "… society")."""
    data = load("company")
    words = _alternatives([*data["org_words"], *data["lowercase_org_words"]])
    return re.compile(rf"(?:{_patterns().legal_tail.pattern})|\s(?:{words})$", re.IGNORECASE)


def from_lower_case_writing(text: str, signature: list[str], ctx: Context) -> str | None:
    """The organisation of a writer who types everything in lower case, as typed: a signature line
    that a legal form or an organisation word closes ("sunset plumbing & drain llc", "northern
    lights youth society"), or words of the body that spell the domain's label ("we at kopi & co"
    for kopiandco.com.sg) or abbreviate it with such a word ("for pine ridge unified school
    district" for pineridgeusd.org)."""
    ends = _caseless_org_end()
    for line in signature:
        segment = _SEGMENT_SPLIT.split(line.strip(" -–—•*>"))[0].split(", ")[0].strip()
        words = [w for w in segment.split() if w not in ("&", "+")]
        if (
            segment.islower()
            and 3 <= len(words) <= 6
            and not is_prose(line)
            and _is_latin(segment)
            and not re.search(r"[\d@/:]|www\.", segment)
        ):
            closing = ends.search(segment)
            # Two words of name at least besides the form ("plumbing co" is a kind of business).
            if closing and len(segment[: closing.start()].split()) >= 2 and _acceptable(segment, ctx):
                return segment
    key = ctx.key
    if key is None:
        return None
    # Not a web address's label ("quokka.dev" signed under the name): that is the domain again.
    for clause in _CLAUSE.findall(_DOTTED.sub(" ", text)):
        words = clause.split()
        for i, word in enumerate(words):
            if not word.islower() or compact(word)[:1] != key.key[:1]:
                continue
            for n in range(1, min(6, len(words) - i) + 1):
                phrase = " ".join(words[i : i + n])
                if not phrase.islower():
                    break
                q = key.quality(phrase)
                if (q == 3 or (q == 2 and n >= 2 and ends.search(phrase))) and _acceptable(phrase, ctx):
                    return phrase
    return None


@cache
def _unit_openers() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load("company")["unit_openers"])


def _unit_above_its_organisation(line: str, below: list[str]) -> bool:
    """A unit's line ("Τμήμα Πληροφορικής", "Técnica Superior - Gabinete de Planeamento") above a
    line that names the organisation it belongs to ("Γενικό Νοσοκομείο Λάρισας"): the organisation
    is that line, not the unit."""
    if not below:
        return False
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(line)]
    if not any(s.split()[:1] and s.split()[0].lower().strip(".") in _unit_openers() for s in segments):
        return False
    words = below[0].split()
    return (
        len(words) >= 2
        and words[0][:1].isupper()
        and not _ADDRESS_OR_CONTACT.search(below[0])
        and not opens_a_street(below[0])
        and not _is_title(below[0])
    )


def _names_an_org(name: str, ctx: Context) -> bool:
    p = _patterns()
    if p.org_words.search(name) or p.legal_tail.search(name):
        return True
    return ctx.key is not None and ctx.key.quality(name) > 0


def _place_in_two_languages(line: str, ctx: Context) -> bool:
    """"Abertawe / Swansea", "Baile Átha Cliath / Dublin": a town in two languages, one the
    gazetteer knows, is no organisation."""
    sides = line.split(" / ")
    return (
        len(sides) == 2
        and all(1 <= len(side.split()) <= 3 for side in sides)
        and any(ctx.is_place(side.strip()) for side in sides)
        and not any(_patterns().org_words.search(side) for side in sides)
    )


def _romanised(line: str, person_name: str | None) -> bool:
    """A person's name in Latin letters under the same name in another script ("তানভীর আহমেদ
    চৌধুরী" signed again "Tanvir Ahmed Chowdhury"), or the other way round ("Eleni Konstantinou"
    over "Ελένη Κωνσταντίνου"): the writer again, not the organisation."""
    words = line.split()
    if not person_name or not 2 <= len(words) <= 4:
        return False
    if _is_latin(person_name):
        # In the other script: as many words as the name, capitalised where the script has case.
        if not _in_other_script(line) or len(words) != len(person_name.split()):
            return False
    elif not _is_latin(line):
        return False
    return (
        all(_is_capitalised(w) or not w[:1].isalpha() or w[:1].lower() == w[:1].upper() for w in words)
        and not _patterns().org_words.search(line)
        and not _patterns().legal_tail.search(line)
    )


_CASELESS = re.compile(r"[\u0600-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# "안녕하세요~", "各位数据人：": a greeting or a lead-in, not a name.
_SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?", "،", ",", "、", "~", "～", ":", "：")
_SCRIPT_SPLIT = re.compile(r"\s+[|·•/–—-]\s+|\s*｜\s*|\u3000|\t|\s{3,}")


def _script_token_is_title(token: str) -> bool:
    p = _patterns()
    return token.endswith(p.script_titles) or (token.isascii() and _is_title(token))


def _script_segment(segment: str, ctx: Context, *, below_name: bool = False) -> str | None:
    """The organisation a signature segment in a caseless script names, or None."""
    p = _patterns()
    if re.search(r"\d|@|[:：、，。,]|(?:ます|です|した|から|ください|ません|こちら)$", segment):
        return None
    if _ARABIC.search(segment):
        words = segment.split()
        if not words or words[0] in p.arabic_titles:
            return None
        if words[0] in p.arabic_org or any(w.startswith("لل") and len(w) > 4 for w in words[1:]):
            return segment
        return None
    tokens = segment.split()
    person = "".join((ctx.person_name or "").split())
    if not tokens or (person and "".join(tokens) == person):
        return None
    head, rest = tokens[0], tokens[1:]
    # "청하시 빅데이터담당관실": a city beside its own office is the city government, the organisation;
    # a city beside anything else is an address.
    governs = bool(rest) and all(_script_token_is_title(t) and not t.endswith(p.script_places) for t in rest)
    if (
        not _CASELESS.search(head)
        or head.startswith(p.script_greetings)
        or _script_token_is_title(head)
        or (head.endswith(p.script_places) and not governs)
        or tokens[-1].endswith(p.script_honorifics)
    ):
        return None
    if person and (head in person or person in head):
        return None
    if rest:
        return head if all(_script_token_is_title(t) for t in rest) else None
    # A short word alone may be a person's name, except on the line under the person's own name
    # and title ("김민준 | 데이터팀 팀장" / "한빛몰").
    return head if len(head) >= (2 if below_name else p.script_min_alone) else None


def from_script_lines(lines: list[str], ctx: Context) -> str | None:
    """A signature line in a caseless script that names the organisation: its first word beside
    a department or title ("한결로지스 데이터전략팀 과장", "华信零售 数据分析部"), a long word alone
    ("서울바른병원"), or an Arabic line that opens with an organisation word or carries "لل"."""
    person = "".join((ctx.person_name or "").split())
    previous = ""
    for line in lines:
        line = line.strip()
        below_name = bool(person) and len(person) >= 2 and person in "".join(previous.split())
        previous = line
        if not _CASELESS.search(line) or line.endswith(_SENTENCE_ENDS):
            continue
        # A long line is prose, unless its first segment is short: "شركة رقمنة للإعلام الرقمي - الرياض،
        # المملكة العربية السعودية" is a name, then the address.
        segments = _SCRIPT_SPLIT.split(line)
        if len(line) > 40 and (len(segments) < 2 or len(segments[0]) > 40):
            continue
        for segment in segments[:1] if len(line) > 40 else segments:
            found = _script_segment(segment.strip(), ctx, below_name=below_name)
            if found and _acceptable(found, ctx):
                return found
    return None


@cache
def _script_org_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load("company")

    def alternatives(key: str) -> str:
        return "|".join(re.escape(str(w)) for w in sorted(data[key], key=len, reverse=True))

    return (
        re.compile(rf"^(?:{alternatives('script_org_prefixes')})(?=\s|[^\W\d_])"),
        re.compile(rf"(?<=\S)\s(?:{alternatives('script_org_suffixes')})$"),
    )


def from_script_org_lines(lines: list[str], ctx: Context) -> str | None:
    """A short signature segment, not in Latin letters, that an organisation word of its script
    opens or closes ("कृष्णा प्रिंटर्स, जयपुर" → "कृष्णा प्रिंटर्स", "Университет ИТМО"): the
    segment as written, without the place after a comma."""
    prefix, suffix = _script_org_words()
    for line in lines:
        line = line.strip()
        if not line or line.isascii() or is_prose(line) or line.endswith(_SENTENCE_ENDS):
            continue
        for segment in _SEGMENT_SPLIT.split(line):
            part = segment.split(", ")[0].strip(" -–—•*>")
            if not part or part.isascii() or len(part.split()) > 6 or _ADDRESS_OR_CONTACT.search(part):
                continue
            if (prefix.match(part) or suffix.search(part)) and _acceptable(part, ctx):
                return part
    return None


def from_arabic_text(text: str, ctx: Context) -> str | None:
    """An organisation a sentence names after "شركة" (company) and the like: the words up to a
    preposition; the generic word itself is not part of the name."""
    if not _ARABIC.search(text):
        return None
    for m in _patterns().arabic_in_text.finditer(text):
        found = m.group("org").strip()
        # "سوق الفلاح للتجارة الإلكترونية ش.م.م": the words stop at the legal form's first dot, and the
        # form belongs to the name.
        legal = _arabic_legal().match(text, m.start("org"))
        if legal and legal.end() >= m.end("org"):
            found = legal.group(0).strip()
        if found and _acceptable(found, ctx):
            return found
    return None


@cache
def _arabic_legal() -> re.Pattern[str]:
    forms = [str(f) for f in load("company")["script_legal_suffixes"] if _ARABIC.search(str(f))]
    words = r"(?P<org>(?:[\u0621-\u064a\u0671-\u06d3]+\s){1,6})"
    return re.compile(words + "(?:" + _alternatives(forms) + r")(?![\w.])")


# German after "an der", "bei der", "in der", "von der": a feminine name in the dative, whose adjectives
# end in -en ("an der Technischen Universität Dresden", "bei der Deutschen Bahn").
_DATIVE_ARTICLE = re.compile(r"(?:\ban|\bbei|\bin|\bvon|\bmit|\bzu)\s+der\s+$")
_DATIVE_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+en$")


def _nominative(name: str) -> str:
    """The adjectives opening a German name in the dative, as the name is written on its own:
    "Technischen Universität Dresden" → "Technische Universität Dresden"."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and _DATIVE_ADJECTIVE.match(words[i]) and _is_capitalised(words[i + 1]):
        words[i] = words[i][:-1]
        i += 1
    return " ".join(words)


_LEADING_ARTICLE = re.compile(r"^(?:(?:der|dem|den|die|das|het|firmie|firma|empresa)\s+)+(?=[A-ZÀ-Þ])")


_TRAILING_PLACE = re.compile(
    r"^(?P<org>.+?)\s+(?:à|em|in|en|i|a|aus|uit|från|w|z)\s+(?P<place>[A-ZÀ-Þ][^,.;:()]*)$"
)


def without_trailing_place(name: str, ctx: Context) -> str:
    """The organisation without a city written after it ("Volvo Cars i Göteborg")."""
    return _without_trailing_place(name, ctx)


def _without_trailing_place(candidate: str, ctx: Context) -> str:
    """The organisation without the city written after it ("Decathlon à Lille", "Natura em São
    Paulo"): a place after "à", "em", "in" ... is where it is, not part of its name."""
    m = _TRAILING_PLACE.match(capitalised_run(candidate) or candidate)
    if m and ctx.is_place(m.group("place").strip()):
        return m.group("org")
    return candidate


_POLISH_IN = re.compile(r"\s(?:w|we)\s(?=[A-ZÀ-ÞĄĆĘŁŃÓŚŹŻ])")


@cache
def _descriptive_heads() -> frozenset[str]:
    return frozenset(str(w) for w in load("company")["descriptive_heads"])


def _describes_a_noun(text: str, start: int, found: str) -> bool:
    """Capitals that qualify the common noun after them ("a consultant for BI and ETL tools",
    "worked on SAP projects"), not an organisation."""
    at = text.find(found, start)
    following = text[at + len(found) :].split(maxsplit=1) if at >= 0 else []
    return bool(following) and following[0].strip(",.;:").lower() in _descriptive_heads()


# More capitalised words in a list after a name: ", R and Python", ", Tableau, Looker or dbt".
_LISTED = re.compile(r",\s*[A-Z][\w.+#-]*(?:,\s*[A-Z][\w.+#-]*)*,?\s+(?:and|or|&)\s+[A-Za-z]")


def from_body(text: str, ctx: Context) -> str | None:
    p = _patterns()
    for pattern in p.body:
        for m in pattern.finditer(text):
            # "bei der Sparkasse Mittelfranken", "na Padaria Estrela": the article is not the name.
            # The text up to the name's first capital, its article included wherever the pattern put it.
            org = m.group("org")
            lead = len(org) - len(_LEADING_ARTICLE.sub("", org))
            candidate = _LEADING_ARTICLE.sub("", org.strip())
            if _DATIVE_ARTICLE.search(text[max(0, m.start("org") - 12) : m.start("org") + lead]):
                candidate = _nominative(candidate)
            candidate = _without_trailing_place(candidate, ctx)
            # Polish "w"/"we" (in) joins a name in a signature ("Szpital Wojewódzki w Lesznie"); in a
            # sentence it says where the organisation is ("w Wisła Software we Wrocławiu, gdzie ...").
            candidate = _POLISH_IN.split(candidate)[0]
            legal = _with_legal_form(candidate + " ")
            found = legal or capitalised_run(candidate)
            if not legal and found and _describes_a_noun(text, m.start("org"), found):
                continue
            if not legal and found and _LISTED.match(text, m.start("org") + len(found)):
                continue  # "I work with SQL, R and Python": the first of a list of tools
            if found and found.split()[0] not in p.stop_words and len(found) > 1 and _acceptable(found, ctx):
                return found
    for pattern in p.body_subject:
        for m in pattern.finditer(text):
            candidate = m.group("org").strip()
            words = candidate.split()
            if words and words[0] in p.articles:
                candidate = " ".join(words[1:])
            found = _with_legal_form(candidate + " ") or capitalised_run(candidate)
            # The whole subject must be a name: "What drew me to Lumen is ..." is not one.
            # One plain capitalised word opening a sentence is any word ("Nothing is changed"),
            # unless the domain spells it.
            one_word = found is not None and " " not in found and not _INNER_CAPITAL.search(found)
            if one_word and (ctx.key is None or ctx.key.quality(found or "") < 2):
                continue
            if (
                found
                and found == candidate
                and found.split()[0] not in p.stop_words
                and _acceptable(found, ctx)
            ):
                return found
    return _script_introduction(text, ctx)


@cache
def _script_intros() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(b)) for b in load("company")["script_intro_patterns"])


@cache
def _cjk_university() -> re.Pattern[str]:
    data = load("company")
    heads, units = _alternatives(data["cjk_university_words"]), _alternatives(data["cjk_university_units"])
    return re.compile(rf"(?P<university>.+?(?:{heads}))\S{{1,12}}(?:{units})$")


def _without_cjk_unit(name: str) -> str:
    """"國立東海岸科技大學資訊管理系" → "國立東海岸科技大學": the department written onto the university."""
    return _cjk_university().sub(r"\g<university>", name)


def _script_introduction(text: str, ctx: Context) -> str | None:
    """The organisation a Japanese or Korean writer introduces themselves with, without a legal
    form: "ミライ広告の高橋と申します", "한빛로지스의 김지훈입니다"; not a department ("営業部の")."""
    p = _patterns()
    for pattern in _script_intros():
        for m in pattern.finditer(text):
            found = _without_cjk_unit(m.group("org").strip())
            if (
                len(found) >= 2
                and not found.endswith(p.script_titles)
                and not found.endswith(p.script_places)
                and _acceptable(found, ctx)
            ):
                return found
    return None


def display_segments(display: str | None, *, particles: bool = False) -> list[str]:
    """'Priya | Kestrel', 'Priya (Kestrel Labs)', 'Priya Shah - Kestrel', 'Priya from Kestrel' → the
    organisation part. With ``particles``, also what follows a given name and "de", "von", "di"
    ("Laura de Nubeo"), which is as often a surname, so only for a part the address spells."""
    if not display:
        return []
    display = without_ad_marker(display)
    m = re.search(r"\s[|@]\s*(.+)$|\((.+)\)$|\s[-–]\s(.+)$|\s(?:from|at)\s(.+)$", display)
    if not m and particles:
        m = _GIVEN_NAME_DE.match(display)
    if not m:
        return []
    return [next(g for g in m.groups() if g).strip()]


_GIVEN_NAME_DE = re.compile(r"^[^\W\d_]+\s(?:de|von|di|da|du|van)\s(\S.*)$")


def spelled_by_address(display: str | None, ctx: Context) -> str | None:
    """The organisation part of the display name when the address spells it whole ("Elin Sjöberg
    from Datadrivet" <datadrivet@substack.com>): the surest reading, before any signature line."""
    for segment in display_segments(display, particles=True):
        segment = _first_script(segment)
        if _spelled_by(segment, ctx) and _acceptable(segment, ctx):
            return segment
    return None


def _spelled_by(segment: str, ctx: Context) -> bool:
    return bool(segment) and compact(segment) in (ctx.local, ctx.key.key if ctx.key else "")


def from_display_name(display: str | None, ctx: Context) -> str | None:
    generic = _brand_data()[1]
    for segment in display_segments(display):
        if segment.lower() in generic:
            continue  # a mailbox's role ("Newsletter", "Billing"), not whose it is
        segment = _first_script(segment)
        # "Morgan Ellis from The Data Stack Weekly" <thedatastackweekly@substack.com>: what the
        # address spells is a name, whatever words it holds ("Data" also heads a department).
        # The address may spell only the name's start ("Kahawa Data Digest" <kahawadata@substack.com>).
        opens = len(ctx.local) >= 5 and compact(segment).startswith(ctx.local)
        named = _spelled_by(segment, ctx) or opens or not _is_title(segment)
        if segment and named and _acceptable(segment, ctx):
            return segment
    return None


def _is_latin(word: str) -> bool:
    return all(c < "\u0250" for c in word if c.isalpha())


def _first_script(segment: str) -> str:
    """Of a name written in two scripts one after the other ("Bangkok Bank ธนาคารกรุงเทพ"), the
    form written first, as everywhere else."""
    words = segment.split()
    kinds = [_is_latin(w) for w in words]
    cut = next((i for i in range(1, len(words)) if kinds[i] != kinds[0]), None)
    if cut is None or any(k != kinds[cut] for k in kinds[cut:]):
        return segment
    return " ".join(words[:cut])


def from_imprint(text: str, ctx: Context, *, copyright_ok: bool = False) -> str | None:
    """A legal entity in an imprint or legal footer ("Datenwelt Medien GmbH · Rosenthaler Str.");
    a copyright line ("© 2026 Acme Inc.") only when ``copyright_ok`` and nothing else names one,
    since it may name an impersonated brand."""
    fallback = None
    for line in text.splitlines():
        found = _with_legal_form(line)
        segments = _SEGMENT_SPLIT.split(line)
        if not found and len(segments) > 2:
            found = _before_representative(segments)
        if found and len(segments) > 1 and _DIGIT.search(line):
            # "PT Media Data Nusantara - Jl. Kemang Raya No. 8": on a line with an address, the entity
            # is one segment and the address after a separator is not part of its name.
            found = next(filter(None, map(_with_legal_form, segments)), found)
        if not found or not _acceptable(found, ctx):
            continue
        if "©" in line or "(c)" in line.lower():
            if copyright_ok and fallback is None:
                fallback = found
            continue
        return found
    return fallback


@cache
def _representative() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{_alternatives(load('company')['representative_labels'])})\s*[:：]")


def _before_representative(segments: list[str]) -> str | None:
    """The business a Korean or Japanese legal footer names before its representative ("탑랭크마케팅 |
    대표: 김대성 | 서울특별시 …", which Korean law requires of advertising mail): no legal form marks it."""
    at = next((i for i, segment in enumerate(segments) if _representative().match(segment)), 0)
    # "상호: 데이터브릿지", "발행처: …": the name after the label of its own segment.
    found = re.split("[:：]", segments[at - 1])[-1].strip() if at else ""
    return found if 2 <= len(found) <= 40 and not _DIGIT.search(found) else None


_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\([cC]\)|\bCopyright\b)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<org>[^\W\d_][^\n.,|;:()]{1,80}?)\s*(?:\((?P<acronym>[^\W\d_]{2,10})\))?\s*(?:[.,|;:]|$)",
    re.MULTILINE,
)


def from_copyright(text: str, ctx: Context, display: str = "") -> str | None:
    """Bulk mail's publisher on its copyright line without a legal form, when the name says what
    kind of organisation it is, the domain spells it or its acronym ("Copyright (C) 2026 Türkiye
    Veri Bilimi Derneği (TVBD)" from tvbd.org.tr), or the display name shows it ("MidAmerica
    Manufacturing Expo" from midamericamfgexpo.com)."""
    for m in _COPYRIGHT_HOLDER.finditer(text):
        org = _SEGMENT_SPLIT.split(m.group("org").strip())[0]  # "… Expo · 2500 Superior Avenue"
        found = capitalised_run(org)
        if not found or found != org or len(found.split()) < 2:
            continue
        if len(found.split()[-1]) == 1:
            continue  # cut at a legal form's dot ("TechPulse Media Α.Ε."), which other readers take
        acronym = compact(m.group("acronym") or "")
        spelled = ctx.key is not None and (
            ctx.key.quality(found) >= 2 or (acronym and acronym == ctx.key.key)
        )
        # Not a writer's own two names ("© 2026 Marco Ferri" from "Marco Ferri").
        shown = (
            len(found.split()) >= 3
            and compact(found) == compact(display)
            and compact(found) != compact(ctx.person_name or "")
        )
        if (spelled or shown or _patterns().org_words.search(found)) and _acceptable(found, ctx):
            return found
    return None


def copyright_claimed(text: str, display: str, ctx: Context) -> str | None:
    """Junk's copyright holder that its display name claims too: "© 2026 Microsoft" under
    "Microsoft 365 Admin", however short or unbacked by the domain."""
    shown = compact(display)
    for m in _COPYRIGHT_HOLDER.finditer(text):
        found = capitalised_run(m.group("org").strip())
        short = compact(found)
        if len(short) < 3 or not shown.startswith(short) or not display.startswith(found):
            continue
        # What the display name adds is a product or a mailbox ("365 Admin"), not more of the
        # brand ("DHL Express" over "© 2026 DHL").
        rest = display[len(found) :].split()
        if any(re.search(r"\d", w) or w.lower() in _patterns().role_words for w in rest) and _acceptable(
            found, ctx
        ):
            return found
    return None


@cache
def _publisher_cue() -> re.Pattern[str]:
    cues = "|".join(f"(?:{c})" for c in load("company")["publisher_cues"])
    return re.compile(rf"^\s*(?:{cues})\s*(?P<org>\S.{{1,80}})$", re.MULTILINE)


# A sending platform's footer naming whom it sends for, anywhere on a line ("… using GovDelivery
# Communications Cloud on behalf of: Westmere District Council · Civic Centre").
_ON_BEHALF = re.compile(
    r"\b(?:on behalf of|au nom de|im Auftrag von|in nome di|en nombre de|em nome de|namens)"
    r"\s*:\s*(?P<org>\S.{1,80})$",
    re.MULTILINE | re.IGNORECASE,
)


def from_publisher_line(text: str, ctx: Context) -> str | None:
    """Who bulk mail says hosts or publishes it, on a line of its own: "Hosted by the 3M Data
    Community", "Organisé par Comexpo SAS – 20 quai Perrache": the name after the cue, up to a
    separator or the address."""
    for m in itertools.chain(_publisher_cue().finditer(text), _ON_BEHALF.finditer(text)):
        rest = _SEGMENT_SPLIT.split(m.group("org").strip())[0].split(", ")[0].strip(" .")
        rest = re.sub(r"\s*\([^()]*\)$", "", rest)  # "… de Datos (AEAD)": the acronym beside the name
        found = _with_legal_form(rest) or (rest if _CASELESS.search(rest[:1]) else capitalised_run(rest))
        if found and not _ADDRESS_OR_CONTACT.search(found) and _acceptable(found, ctx):
            return found
    return None


_IMPRINT_SPLIT = re.compile(r"\s+[|·•]\s+|,\s+")
_DATE_START = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


_STATE_AND_ZIP = re.compile(r"(?:[A-Z]{2,3}\s+)?\d{4,5}(?:-\d{4})?")


def from_postal_imprint(text: str, ctx: Context) -> str | None:
    """Bulk mail's imprint without a legal form: the name before the postal address on a footer
    line ("Halvorsen Research Group · 1 Boston Place, Boston", "... is organised by the Acme
    Association, 10 Post Office Square"), read from the bottom up."""
    lines = text.splitlines()[-12:]
    buildings = frozenset(strings("company", "building_words"))
    for n in range(len(lines) - 1, -1, -1):
        line = lines[n]
        if "©" in line or "(c)" in line.lower() or "@" in line:
            continue
        parts = [x.strip() for x in _IMPRINT_SPLIT.split(line.strip())]
        building = bool(parts[0].split()[-1:]) and parts[0].split()[-1] in buildings
        if len(parts) > 1 and (opens_a_street(parts[0]) or (building and n > 0)):
            above = lines[n - 1].strip() if n > 0 else ""
            if above and capitalised_run(above) == above and not _is_title(above) and _acceptable(above, ctx):
                # "Data Standards Office" above "Orchard House, 14 Lambeth Walk", "Fundació Xarxa
                # d'Innovació Digital de Catalunya" above "Carrer de Pallars, 85 · 08018 Barcelona"
                return above
            continue
        first = parts[0]
        # A date is not a postal address: "our Meetup, Dec 9 in St. Paul, MN" names an event.
        postal = [x for x in parts[1:4] if re.search(r"\d", x) and not _DATE_START.match(x)]
        # A house number opens no name; "K-12 Data Leaders Network" holds a number in a word.
        if len(parts) < 2 or re.search(r"(?<![\w-])\d", first) or not postal:
            continue
        if ctx.is_place(re.sub(r"[\d-]+", "", parts[1]).strip()):
            continue  # "Şişli, İstanbul 34387": a district before its town and postcode
        if _STATE_AND_ZIP.fullmatch(parts[1]):
            continue  # "Dayton, OH 45410": the town before its state and ZIP code
        if len(parts) >= 3 and is_country(parts[-1]) and len(first.split()) == 1:
            continue  # "Oban, Argyll PA34 4QD, Scotland": a town, its postcode and its country
        run = capitalised_run(first)
        if run != first.rstrip("."):
            run = capitalised_run(first, backwards=True)
            if len(first.split()) <= len(run.split()) + 1 or len(run.split()) < 2:
                continue
        titled = _is_title(run.split()[-1]) and not _patterns().org_words.search(run)
        if not run or len(run.split()) > 7 or titled or ctx.is_place(run):
            continue
        if _acceptable(run, ctx):
            return run
    return None


@cache
def _company_label() -> re.Pattern[str]:
    labels = "|".join(re.escape(str(w)) for w in load("company")["company_labels"])
    return re.compile(rf"^\s*(?:{labels})\s*:\s*(?P<org>\S.{{1,80}}?)\s*$", re.IGNORECASE | re.MULTILINE)


@cache
def _trading_as() -> re.Pattern[str]:
    words = _alternatives(load("company")["trading_as"])
    return re.compile(rf"(?<!\S)(?:{words})\s+(?P<org>[^\n,;|()]{{2,80}})")


@cache
def _brand_of() -> re.Pattern[str]:
    phrases = _alternatives(load("company")["brand_of_phrases"])
    return re.compile(rf"^[\s©]*(?P<brand>[^\n,;:|·•]{{2,60}}?) (?:{phrases})\s", re.MULTILINE)


def brand_of_a_firm(text: str, ctx: Context) -> str | None:
    """The brand a footer says the mail's sender is, of another firm: "Sartoria Ligure è un marchio
    di Tessiture Riunite S.p.A." gives "Sartoria Ligure", not the firm that owns it."""
    for m in _brand_of().finditer(text):
        found = capitalised_run(m.group("brand").strip())
        if found and found == m.group("brand").strip() and _acceptable(found, ctx):
            return found
    return None


def from_label(text: str, ctx: Context) -> str | None:
    """The value of a "Company:" line ("Yritys: Kuopion Rakennustarvike Oy", "Empresa: Ipê Varejo"),
    or the name after "trading as"."""
    for m in _company_label().finditer(text):
        found = form_value(m.group("org"))
        if found and not _ADDRESS_OR_CONTACT.search(found) and _acceptable(found, ctx):
            return found
    for m in _trading_as().finditer(text):
        candidate = m.group("org").strip()
        found = _with_legal_form(candidate + " ") or capitalised_run(candidate)
        if found and _acceptable(found, ctx):
            return found
    return None


def without_former_names(text: str) -> str:
    """The text without the organisation's former names ("(formerly MedSpring Clinics)", a line
    "Previously: Acme Ltd")."""
    p = _patterns()
    return p.former_text.sub("", text) if p.former_text.search(text) else text


_FORM_TAGLINE = re.compile(r"\s+[|·•]\s+")
_FORM_DASH = re.compile(r"\s+[—–-]\s+")


def form_value(value: str | None) -> str | None:
    """A form's company field, unless it is a placeholder ("-", "n/a", "none")."""
    if not value:
        return None
    # "VETOR SAÚDE | Cuidado que conecta": a tagline or place after a bar is not part of the name.
    value = _FORM_TAGLINE.split(value.strip())[0].strip()
    if not any(c.isalnum() for c in value) or value.lower().strip(" .()[]") in _patterns().placeholders:
        return None
    value = _EMOJI.sub("", value).strip()  # "Acme 🚀": the name without its decoration
    if _EMOTICON.search(value) or _keyboard_run(value):
        return None  # "Looking for a job :)", "asdfgh": something typed into the field, not a name
    # "Tietohallinto, Pohjois-Saimaan hyvinvointialue": the unit typed first, then whose it is.
    head, comma, rest = value.partition(", ")
    if comma and len(head.split()) == 1 and _is_title(head) and not _is_title(rest):
        value = rest
    # "Ville de Saint-Aubin — Direction des systèmes d'information": the unit typed after a dash.
    parts = _FORM_DASH.split(value, maxsplit=1)
    # "Cedar Falls Independent School District - Office of Assessment": a unit head after the dash.
    unit = len(parts) == 2 and parts[1].split()[0].lower() in _department_heads()
    if len(parts) == 2 and (unit or (_is_title(parts[1]) and not _is_title(parts[0]))):
        value = parts[0]
    value = _without_other_script(value)
    # "Hospital Clínico Santa Lucía (Servicio Andaluz de Salud)", "… Waterland (OOW)": a parent
    # body or an acronym in brackets after a name of its own.
    m = _IN_PARENTHESES.match(value)
    if m and len(m.group("name").split()) >= 2:
        return m.group("name")
    return value


_EMOTICON = re.compile(r"[:;]-?[)(DP]")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\ufe0f]")


def _keyboard_run(value: str) -> bool:
    """Keys next to each other on a row ("asdfgh", "qwerty"), or one key held: how a required field
    is filled to get past it."""
    low = value.lower()
    return len(low) >= 4 and (any(low in row for row in _KEY_ROWS) or len(set(low)) == 1)


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop", "yxcvbnm")
_IN_PARENTHESES = re.compile(r"^(?P<name>.+?)\s*[(（](?P<other>[^()（）]{2,80})[)）]$")


def _without_other_script(name: str) -> str:
    """The name without the same name in another script in parentheses after it ("桜木製薬株式会社
    (Sakuragi Pharmaceutical Co., Ltd.)", "Công ty Cổ phần In Sài Gòn (Saigon Print JSC)"): the form
    written first, as everywhere else."""
    m = _IN_PARENTHESES.match(name)
    if not m:
        return name
    first, other = m.group("name"), m.group("other")
    # Vietnamese and the like write both in Latin letters: the English form has a legal form of its own.
    translated = not first.isascii() and other.isascii() and bool(_patterns().legal_tail.search(other))
    return first if _is_latin(first) != _is_latin(other) or translated else name


@cache
def _brand_data() -> tuple[tuple[tuple[str, ...], ...], frozenset[str], tuple[tuple[str, ...], ...]]:
    data = load("company")

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({tuple(str(s).lower().split()) for s in data[key]}, key=len, reverse=True))

    generic = frozenset(str(w).lower() for w in data["generic_brand_words"])
    return phrases("brand_service_suffixes"), generic, phrases("brand_service_prefixes")


_INNER_CAPITAL = re.compile(r"^\w*[a-zà-ÿ]\w*[A-ZÀ-Þ]|^[A-ZÀ-Þ]{2,}\w*[a-z]")


def _without_service(name: str) -> str:
    """The brand without the service, team or channel written after it: "PayPal Security Team" →
    "PayPal", "DNB Kundeservice" → "DNB", "Microsoft account team" → "Microsoft"."""
    suffixes, _, prefixes = _brand_data()
    words = name.split()
    low = [w.lower().strip(",.:") for w in words]
    for prefix in prefixes:
        if len(prefix) < len(words) and tuple(low[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
            break
    for prefix in prefixes:
        head = "".join(prefix)
        if words and _CASELESS.search(head) and words[0].startswith(head) and len(words[0]) > len(head) + 1:
            words = [words[0][len(head) :], *words[1:]]  # "광고머니플러스": the marker written on
            break
    if words and words[0].lower().startswith(("l'", "l’")) and len(words[0]) > 2 and len(words) > 1:
        words = words[1:]  # "L'équipe Mon Compte Formation"
    cut = True
    while cut and len(words) > 1:
        cut = False
        low = [w.lower().strip(",.:") for w in words]
        for suffix in suffixes:
            if len(suffix) < len(words) and tuple(low[-len(suffix) :]) == suffix:
                words = words[: -len(suffix)]
                cut = True
                break
    return " ".join(words).strip(" -–—,")


def brand_of(name: str) -> str:
    """A name junk writes, without the service around it ("DHL Express Customer Service" → "DHL
    Express", "Servizio Clienti Banca Sicura Online" → "Banca Sicura Online"); None when it shouts
    ("OFFICIAL GIVEAWAY EVENT", "Congratulations!")."""
    name = _without_service(name.strip())
    words = name.split()
    if name.endswith("!") or (len(words) > 1 and all(w.isupper() for w in words if w.isalpha())):
        return ""
    return name


def _distinctive(name: str, lines: Sequence[str] = ()) -> bool:
    """Whether a sender's name reads as a brand rather than a description ("Wellness Deals",
    "Link Building Team"): a word in a caseless script, with letters beyond ASCII, an inner
    capital ("PayPal", "MitID"), capitals ("DHL", "ING") or digits ("TOP10"), an organisation word
    or a legal form, or one long word alone ("Belastingdienst")."""
    _, generic, _ = _brand_data()
    p = _patterns()
    words = name.split()
    own = [w for w in words if w.lower().strip(".,") not in generic]
    if not own:
        return False
    if p.legal_tail.search(name) or p.org_words.search(name) or _CASELESS.search(name):
        return True
    if len(words) == 1:
        return (len(name) >= 4 and _is_capitalised(name)) or (name.isupper() and len(name) >= 2)
    if any(line.strip() == name or brand_of(line) == name for line in lines):
        return True  # written alone on a line of its own ("Microsoft Teams")
    for word in own:
        bare = word.strip(".,'’()")
        if (
            _INNER_CAPITAL.search(bare)
            or (bare.isupper() and len(bare) >= 2)
            or (any(c.isdigit() for c in bare) and any(c.isalpha() for c in bare))
            or any(c.isalpha() and not c.isascii() for c in bare)
            or "." in bare.strip(".")
        ):
            return True
    return False


def _spelled_out(brand: str, lines: list[str], ctx: Context) -> str | None:
    """The brand's full name on a line of the signature or footer: one that starts with the
    brand's words ("Receita Federal" → "Receita Federal do Brasil") or whose words' initials spell
    an acronym ("DGFiP" → "Direction générale des Finances publiques")."""
    key = compact(brand)
    words = brand.split()
    acronym = len(words) == 1 and 3 <= len(brand) <= 8 and sum(c.isupper() for c in brand) >= 2
    for line in reversed(lines):
        line = line.strip(" -–—•*>")
        found = line.split("  ")[0].strip()
        parts = found.split()
        if not (len(words) < len(parts) <= 8) or _ADDRESS_OR_CONTACT.search(found) or is_prose(found):
            continue
        if any(c in found for c in ",;:!?()|©") or _SEGMENT_SPLIT.search(found):
            continue
        loose = acronym and all(
            _is_capitalised(w) or w.lower() in _patterns().connectors or len(w) > 3 for w in parts
        )
        if capitalised_run(found) != found and not loose:
            continue
        prefix = [w.lower() for w in parts[: len(words)]] == [w.lower() for w in words]
        extension = parts[len(words) :]
        if prefix and not (
            any(w.islower() and w.isalpha() and w in _patterns().connectors for w in extension)
            or _patterns().legal_tail.search(found)
            or _patterns().org_words.search(" ".join(extension))
        ):
            continue  # "PayPal Security Team", "Google Business Profile": not a fuller name
        # "Agencia Tributaria" signed "Agencia Estatal de Administración Tributaria": the brand's
        # words in order, the first and last in their places.
        low = [w.lower() for w in parts]
        at = 0
        for w in (w.lower() for w in words):
            at = low.index(w, at) + 1 if w in low[at:] else -1
            if at < 0:
                break
        inside = len(words) > 1 and at == len(parts) and low[0] == words[0].lower()
        if (prefix or inside or (acronym and _abbreviates(key, found))) and _acceptable(found, ctx):
            return found
    return None


def person_like(name: str, human: Callable[[str], bool]) -> bool:
    """Whether a name of several words reads as a person's ("Mike Johnson"), not a brand's ("Bulk
    SEO", "CoinRocket Signals")."""
    words = name.split()
    return (
        len(words) > 1
        and human(name)
        and not _patterns().org_words.search(name)  # "Deutsche Bank"
        and not _INNER_CAPITAL.search(name)
        and not any(w.isupper() and len(w.strip(".")) >= 2 for w in words)
    )


def claimed_brand(
    brand: str | None, lines: list[str], ctx: Context, *, human: Callable[[str], bool]
) -> str | None:
    """The organisation a junk or bulk sender claims in its display name ("PayPal Service" →
    "PayPal", "DHL Express", "Amazon.co.jp"), spelled out when its signature writes the full name;
    None for a description ("Customer Rewards"), a role ("Accounts Payable") or a person's name."""
    if not brand:
        return None
    name = _first_script(_without_service(brand.strip()))
    if not name or len(re.sub(r"\W", "", name)) < 2:
        return None
    if _is_role(name):
        return None  # "Accounts Payable", "Soporte Correo": a role, not a brand, however signed
    spelled = _spelled_out(name, lines, ctx)
    if spelled:
        return spelled  # "Receita Federal" signed "Receita Federal do Brasil"
    if not _distinctive(name, lines) or not _acceptable(name, ctx):
        return None
    if person_like(name, human) and name == brand.strip():
        return None  # "José García": a person's name, not a brand ("Wells Fargo Online" is one)
    if _CASELESS.search(name) and name.split()[-1].endswith(_patterns().script_titles):
        return None  # "李经理" (Manager Li): a person and a title
    return name


def _is_role(name: str) -> bool:
    """A job title or department: as a whole, by its last word, its head ("Senior Portfolio
    Advisor", "Accounts Payable", "E-Mail-Administrator"), or by its first ("Vertrieb DACH")."""
    titles = _patterns().titles
    if name.strip(" .,").lower() in _brand_data()[1]:
        return True  # a mailbox's role ("Servizio Clienti", "Billing")
    parts = re.split(r"[\s-]+", name.strip(" .,"))
    if any(_INNER_CAPITAL.match(part) and not titles.fullmatch(part) for part in parts):
        return False  # "LeadStack Data": a brand word ahead of a word titles use too
    # By its first word with one more ("Vertrieb DACH") or a lower-case link ("Director de Pagos
    # Internacionales"); "DATA VIỆT 247" and "Data Leads Pro" are brands.
    headed = len(parts) == 2 or (len(parts) > 2 and parts[1].islower())
    return not _patterns().org_words.search(name) and bool(
        titles.fullmatch(name) or titles.fullmatch(parts[-1]) or (headed and titles.fullmatch(parts[0]))
    )


@cache
def _footer_links() -> re.Pattern[str]:
    links = "|".join(re.escape(str(w)) for w in load("company")["footer_links"])
    return re.compile(rf"(?<!\w)(?:{links})(?!\w)", re.IGNORECASE)


@cache
def _ad_marker() -> re.Pattern[str]:
    markers = "|".join(re.escape(str(m)) for m in load("company")["advertisement_markers"])
    # Before the name, or after it where a mail parser moves a parenthesised comment.
    return re.compile(rf"^\s*(?:{markers})\s*|\s*(?:{markers})\s*$", re.IGNORECASE)


def without_ad_marker(display: str) -> str:
    """The sender's name without the advertisement marker some laws require before it
    ("(광고)대박투자" → "대박투자", "[Anzeige] Acme")."""
    return _ad_marker().sub("", display, count=1).strip() or display


_FILE_NAME = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|html?|csv|txt|png|jpe?g)$", re.IGNORECASE)


def beside_a_title(name: str, lines: Sequence[str], ctx: Context) -> bool:
    """Whether a line writes the name as one segment and a job title or department as another
    ("Recrutamento & Seleção – Mercado Livre"), and it is not the writer's own name."""
    if compact(name) == compact(ctx.person_name or ""):
        return False
    for line in lines:
        segments = [x.strip() for x in _SEGMENT_SPLIT.split(line.strip(" -–—•*>"))]
        if len(segments) > 1 and name in segments and any(_is_title(x) for x in segments if x != name):
            return True
    return False


_ACRONYM_AFTER = re.compile(r"\s*\([A-ZÀ-Þ]{2,6}\)\s*$")


@cache
def _quoted_line() -> re.Pattern[str]:
    before = "|".join(re.escape(str(w)) for w in load("company")["company_before_quoted_name"])
    return re.compile(rf"(?:(?i:{before})\s+)?[\"„“«]([^\"„“”«»]{{2,60}})[\"“”»]")


def signed_name(
    lines: list[str], ctx: Context, human: Callable[[str], bool], claimed: str | None = None
) -> str | None:
    """A line (or comma part) of junk's signature that is a name and nothing else ("Mensah &
    Associates Chambers", "Funding Advisor, CapitalFast Funding", "L'équipe Mon Compte Formation"
    → "Mon Compte Formation"): not a sentence, a title, an address, a person's name or a
    description."""
    for line in lines:
        line = line.strip(" -–—•*>")
        # Words, not the separators between segments ("Kevin Brooks | SEO Consultant | Top Rank …").
        words = [w for w in line.split() if w not in ("|", "·", "•", "-", "–", "—", "/")]
        if len(words) > 9 or _ADDRESS_OR_CONTACT.search(line) or any(c in line for c in ";:!?"):
            continue
        if _FILE_NAME.search(line):
            continue  # "Q4 Payroll Adjustment - Lumen Analytics.pdf": the lure's attachment
        if _footer_links().search(line):
            continue  # "Nimbus Workspace · Privacy Statement · Terms of Use": a footer's links
        parts = line.split(",")
        segments = _SEGMENT_SPLIT.split(line)
        if len(segments) > 1 and any(ctx.is_place(segment.strip()) for segment in segments):
            # "São Paulo - SP" is a town and its state; "Zirve Dijital Ajans - İstanbul" a name and
            # its town, read without the town.
            segments = [s for s in segments if not ctx.is_place(s.strip()) and len(s.split()) > 1]
            if not segments:
                continue
            parts = segments
        if len(segments) > 1:
            # "Data Consultant | LeadStack Data": a title, then the name. The segment the domain
            # spells first ("Crypto Yield Partners · Treasury Desk"), then one that is no title,
            # then the later one (title words such as "Data" are in names too).
            key = ctx.key
            ranked = sorted(
                enumerate(segments),
                key=lambda n: (-(key.quality(n[1]) if key else 0), _is_title(n[1]), -n[0]),
            )
            parts = [segment for _, segment in ranked]
        for part in parts:
            part = _ACRONYM_AFTER.sub("", part)  # "Central Bank of Nigeria (CBN)"
            quoted = _quoted_line().fullmatch(part.strip())
            if quoted:
                part = quoted.group(1)  # "«Прайм Капитал Инвест»", "компания «Бизнес-Базы»"
            words = part.split()
            name = brand_of(part.strip()) if 1 <= len(words) <= 7 else ""
            served = name != part.strip()  # "Wells Fargo Online Security": a brand and its service
            if not name or capitalised_run(name) != name or _is_role(name):
                continue
            if name.casefold() == (ctx.person_name or "").casefold() and not (
                ctx.key is not None and ctx.key.quality(name) >= 3
            ):
                continue  # the person signing ("Анна Соколова"), in a script ``human`` may not know
            # A name like a person's is the organisation's when the display name shows it too, or
            # when a title stands beside it ("Recrutamento & Seleção – Mercado Livre").
            if (
                person_like(name, human)
                and not served
                and not beside_a_title(name, [line], ctx)
                and compact(name) != compact(claimed or "")
            ):
                continue
            beside_title = len(segments) > 1 and any(_is_title(seg) for seg in segments if seg != part)
            if len(words) == 1 and not (
                quoted
                or _INNER_CAPITAL.search(name) or name.isupper() or _CASELESS.search(name) or beside_title
            ):
                continue  # "Hurry", "Marco", "Pune": one plain word may be anything, but not beside a title
            if _distinctive(name, [*lines, part.strip()]) and _acceptable(name, ctx):
                return name
    return None


# Latin letters: Latin-1 to IPA, Vietnamese's Extended Additional ("Sài Gòn"), Extended-C/D/E,
# ligatures and full-width forms; the rest of the letters are of other scripts.
_LATIN_RANGES = (
    "\u0000-\u02af\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a"
)
_LATIN_LETTER = re.compile(rf"(?=[^\W\d_])[{_LATIN_RANGES}]")
_OTHER_LETTER = re.compile(rf"[^\W\d_{_LATIN_RANGES}]")


def _in_latin(text: str) -> bool:
    return not _OTHER_LETTER.search(text)


def _in_other_script(text: str) -> bool:
    return not _LATIN_LETTER.search(text)


def _latin_share(text: str) -> float:
    if text.isascii():
        return 1.0
    latin, other = len(_LATIN_LETTER.findall(text)), len(_OTHER_LETTER.findall(text))
    return latin / (latin + other) if latin + other else 1.0


_BRACKETS = re.compile(r"[()（）\[\]]")


def in_language_of_mail(name: str, lines: list[str], prose: str, text: str, ctx: Context) -> str:
    """Of an organisation written in two scripts, the form in the script the email is written in:
    "Formosa Precision Co., Ltd." under "福爾摩沙精密股份有限公司" in an English email, "株式会社
    ことばワークス（Kotoba Works Inc.）" in a Japanese one. The form is looked for on the name's own
    line and the lines beside it, and must carry a legal form or match the domain, so that another
    organisation written nearby is not taken for it."""
    share = _latin_share(prose)
    if 0.2 < share < 0.8:
        return name  # mixed writing: no script is the email's
    in_script = _in_latin if share >= 0.8 else _in_other_script
    p = _patterns()
    # "Sofia Tech Media ЕООД": a name in the email's script with a form of another.
    bare = p.script_prefix.sub("", p.script_suffix.sub("", name)).strip()
    if in_script(name) or (bare and in_script(bare)):
        return name
    at = next((i for i, line in enumerate(lines) if name in line), None)
    if at is None:
        return name
    before = lines[at][: lines[at].index(name)]
    # "스튜디오모아 (Studio Moa) 대표": the same name, its other form in brackets after it.
    paired = re.search(r"(?:^|[|·•,]\s*)([^|·•,()（）]+?)\s*[(（]\s*$", before)
    if paired and lines[at][len(before) + len(name) :].lstrip()[:1] in (")", "）"):
        found = _COPYRIGHT.sub("", paired.group(1)).strip()  # "© 2025 مركز البيانات العربي (Arab Data Hub)"
        if in_script(found) and len(found) >= 2 and found in prose and _acceptable(found, ctx):
            return found
    # Only a form written before the name, or one the email uses again (its text, a disclaimer):
    # where a signature writes the Latin form first, Greek mail still takes it, as written first.
    beside = (
        (lines[at - 1] if at else "", True),
        (before, True),
        (lines[at], False),
        (lines[at + 1] if at + 1 < len(lines) else "", False),
        # A signature block opening with the name in the email's script, a title and the person's
        # names between it and the Latin form ("クラウドブリッジ株式会社 … CloudBridge Inc."): only
        # a form the email's own text uses.
        *((lines[at - k], False) for k in (2, 3) if at >= k),
    )
    for line, written_first in beside:
        for segment in _SEGMENT_SPLIT.split(line):
            for piece in _BRACKETS.split(segment):
                for found in _line_names(piece.strip(), legal_first=True):
                    if not in_script(found) or not (written_first or found in prose or text.count(found) > 1):
                        continue
                    named = (
                        p.legal_tail.search(found)
                        or p.script_prefix.match(found)
                        or p.script_suffix.search(found)
                        or p.cjk_legal.search(found)
                        or (ctx.key is not None and ctx.key.quality(found) > 0)
                    )
                    if named and _acceptable(found, ctx):
                        return found
    return name
