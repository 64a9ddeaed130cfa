"""The word lists of the fact model, each with one line of why.

General news vocabulary only: no word here comes from a labelled draft. A list says what the
parser's reading cannot (which verbs name the same act, which nouns are offices); where a word
is missing, the matching treats what it would have said as unknown (`match.figures`), never as
a contradiction.
"""
from __future__ import annotations

# --- figures: what is counted and the act that counts it

# "a record 539", "the largest attack": the figure is a record (a qualifier compared across sides).
RECORD_WORDS = {"record", "largest", "biggest", "most", "unprecedented", "highest", "record-breaking", "heaviest"}

# Verbs that name the same act (general news vocabulary, not tied to any draft).
ACTION_GROUPS = [
    {"launch", "fire", "send", "deploy", "unleash", "use"},
    {"intercept", "down", "shoot", "destroy", "neutralise", "neutralize", "repel", "bring"},
    {"injure", "wound", "hurt", "injured", "wounded"},
    {"kill", "die", "claim", "dead", "deceased"},
    {"missing", "miss", "disappear"},
    {"rescue", "save"},
    {"evacuate"},
    {"close", "shut", "suspend", "halt", "restrict"},
    {"hit", "impact", "damage", "strike", "affect", "target"},
    {"annex", "claim"},
    {"last", "persist", "continue", "go"},
]

# Acts that harm people: the killed never confirm the wounded ("one life claimed" / "32 wounded").
HARM_ACTS = {"injure", "wound", "hurt", "injured", "wounded", "kill", "die", "claim", "dead", "deceased"}

# Verbs too general to name an act: the figure's act is looked for further up the parse.
LIGHT_VERBS = {"be", "have", "say", "see", "make", "do", "get", "take", "come", "report", "tell", "add", "confirm", "state"}

# A support verb with an act's noun as its object names that act: "19 people had sustained
# injuries" = 19 injured, "suffered wounds", "carried out 40 strikes". The nouns map to the
# verbs of ACTION_GROUPS (general news vocabulary; "casualties" is left out: killed or hurt).
SUPPORT_VERBS = {"sustain", "suffer", "receive", "have", "get", "carry", "conduct", "make", "take"}
NOMINAL_ACTS = {
    "injury": "injure", "wound": "wound", "death": "die", "interception": "intercept",
    "launch": "launch", "strike": "strike", "closure": "close", "shutdown": "shut",
}

# "70 drones, including 34 in Moscow": the words that introduce a part counted apart.
INCLUDING = {"including", "among", "includes", "included"}
# ... and as the act the parser gives such a part (not an act of its own: the whole's act is taken).
INCLUDING_ACTS = {"include", "among"}

# Units of time: a count of them is a duration, compared only with a duration of the same happening.
DURATIONS = {"second", "minute", "hour", "day", "night", "week", "month", "year", "decade"}

# Kinds of happening a duration can measure (general news vocabulary): an attack told as a
# barrage, a bombardment or a raid is one kind of happening.
EVENT_KINDS = {
    "attack": {"attack", "barrage", "assault", "bombardment", "strike", "raid", "onslaught", "shelling", "air raid"},
    "alert": {"alert", "alarm", "siren"},
    "call": {"call", "conversation", "talk"},
}

# ... all of them: what an ordinal of a recurring happening counts ("the sixth attack this week")
HAPPENINGS = frozenset().union(*EVENT_KINDS.values())

# Nouns that count the same thing (general news vocabulary, not tied to any draft).
THING_SYNONYMS = {"person": "people", "individual": "people", "uav": "drone"}
# ... and phrases that name one thing in several words (the last word and the one before it:
# "unmanned / combat / attack aerial vehicles" are all drones; a piloted aircraft is never
# called an aerial vehicle in the news).
THING_PHRASES = {("aerial", "vehicle"): "drone", ("unmanned", "aircraft"): "drone"}

# --- places

# Verbs whose object is the place an attack was ("attacked Kyiv", "struck Odesa"), whatever the
# recogniser labels the name (general news vocabulary).
ATTACK_VERBS = {"attack", "hit", "strike", "target", "bomb", "shell", "pound"}

# Words of a place name that say what kind of place it is, not which: "the Odesa region" is Odesa.
PLACE_WORDS = {"region", "regin", "oblast", "city", "district", "province", "village", "capital", "state", "county",
               "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
# Nouns that stand for a place the sentence does not name ("over his region"): some place, not any.
UNNAMED_PLACES = {"region", "oblast", "district", "province", "village", "town", "area"}

# --- people and their titles

# Words before a name that are not part of it ("Mr Peskov", "Dr. Smith").
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mr.", "mrs.", "ms.", "dr."}
# Offices that stand before a name as a title ("President Zelensky", "Prime Minister ...").
OFFICE_TITLES = {"president", "governor", "minister", "secretary", "spokesman", "mayor", "general", "prime", "foreign",
                 "chancellor", "senator"}
# The words of a speaker's phrase that are a title, not the name: offices and honorifics (dotless).
TITLE_WORDS = OFFICE_TITLES | {w for w in HONORIFICS if not w.endswith(".")}
# Role nouns that name the same kind of office (general news usage).
ROLE_SYNONYMS = [
    {"president", "leader", "head", "president-elect"},
    {"spokesman", "spokesperson", "spokeswoman", "spokesmen", "representative"},
    {"minister", "secretary"},
    {"governor", "head"},
    {"mayor"},
    {"adviser", "advisor"},
    {"chancellor", "leader"},
    {"prime", "premier"},
]
# Words of a title phrase that say nothing of the role ("the country's former president").
TITLE_WORDS_SKIP = {"the", "a", "an", "'s", "’s", "of", "former", "outgoing", "then", "new", "current", "its", "his",
                    "her", "their", "our", "country", "country's", "nation", "nation's"}
# Role nouns that name a person, so a speaker "the minister" is someone to resolve.
PERSON_NOUNS = {
    "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "president", "leader", "mayor",
    "governor", "official", "adviser", "advisor", "general", "commander", "chief", "head", "senator", "ambassador",
    "diplomat", "analyst", "expert", "resident", "witness", "source", "aide", "lawmaker", "deputy", "envoy",
}
# Pronouns a quote's speaker may be given as: resolved to the person they stand for.
PRONOUNS = {"he", "she", "him", "her", "they"}

# --- quotations

# Verbs that attribute a quotation to its subject ("..., he said", "she told reporters").
CUE_VERBS = {
    "say", "tell", "state", "assert", "add", "warn", "note", "write", "post", "remark", "call", "describe",
    "urge", "express", "claim", "insist", "argue", "declare", "announce", "explain", "reply", "respond",
    "comment", "stress", "emphasise", "emphasize", "acknowledge", "admit", "caution", "vow", "promise",
    "suggest", "highlight", "tweet", "ask", "answer", "continue", "conclude", "deny", "predict", "label",
    "dub", "term", "brand", "condemn", "praise", "thank", "confirm", "report", "quote", "recall",
}
# Function words a quote's wording is not retrieved or compared by.
STOPWORDS = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was", "were", "be", "it",
             "that", "this", "with", "as", "at", "by", "he", "she", "we", "they", "i", "you", "his", "her", "our"}
# Words that make a statement negative. Degree words ("little", "few") are not here: "little
# progress" for "no progress" is exactly a change of meaning.
NEGATIONS = {"no", "not", "never", "none", "nothing", "nobody", "neither", "nor", "without", "cannot"}
# Words whose exchange reverses what a remark says (comparatives and directions of general
# English): "more" for "less" is never a translation's choice.
OPPOSITES = [("more", "less"), ("more", "fewer"), ("most", "least"), ("higher", "lower"), ("larger", "smaller"),
             ("bigger", "smaller"), ("greater", "lesser"), ("increase", "decrease"), ("increased", "decreased"),
             ("rise", "fall"), ("rising", "falling"), ("up", "down"), ("above", "below"), ("before", "after"),
             ("always", "never"), ("everyone", "no one"), ("all", "none"), ("win", "lose"), ("won", "lost"),
             ("stronger", "weaker"), ("better", "worse"), ("best", "worst"), ("earlier", "later"),
             ("first", "last"), ("start", "end"), ("begin", "end"), ("accept", "reject"), ("allow", "forbid"),
             ("long", "short"), ("in", "out"), ("within", "out"), ("within", "outside"), ("inside", "outside")]
# Prefixes that make an adjective its opposite ("predictable" / "unpredictable").
NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "non", "dis")
# Number words: a change of one in a quote is a change of a number.
NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion",
                "dozen", "dozens", "hundreds", "thousands", "millions", "billions"}
