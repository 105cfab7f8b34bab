"""The built-in map of genres to adjacent audiences, written for coach.

Every genre touches interest groups beyond its own readers, and each group ties into others
(BRIEF.md, idea 5). This module is that map as plain data: for each genre, the groups next to it,
where each group gathers, and which groups sit next to it in turn. The Brainstorm step draws
suggestions from here when a writer is out of ideas.

Pure data and small pure functions: no Textual, no Rich, no clock, no files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from habits.text import audience_key  # kept beside person_key; the names this map is read by


@dataclass(frozen=True)
class AudienceIdea:
    """One interest group a writer's work could matter to, where it gathers, and the groups next to it."""

    name: str
    where: tuple[str, ...]
    related: tuple[str, ...] = ()


def _a(name: str, where: Sequence[str], related: Sequence[str] = ()) -> AudienceIdea:
    return AudienceIdea(name, tuple(where), tuple(related))


# --- History, heritage and costume -------------------------------------------------------------

HISTORY_ENTHUSIASTS = _a(
    "history enthusiasts",
    ("#histodons and #history on Mastodon and Bluesky", "r/AskHistorians-style Q&A forums",
     "history podcasts' listener communities"),
    ("history teachers", "museum and heritage volunteers", "genealogy hobbyists"),
)
HISTORY_TEACHERS = _a(
    "history teachers",
    ("#HistoryTeacher and #sschat teacher chats", "social studies teachers' Facebook groups",
     "museum educators' accounts"),
    ("teachers and students", "history enthusiasts", "museum and heritage volunteers"),
)
TEACHERS_AND_STUDENTS = _a(
    "teachers and students",
    ("#EduSky and #EdChat teacher chats", "teachers' classroom-library groups",
     "university reading lists and student book societies"),
    ("school librarians", "history teachers", "english teachers"),
)
RENFAIRE = _a(
    "renaissance faire goers",
    ("renaissance faires", "#RenFaire photo tags", "garb-making and costuming forums"),
    ("historical costumers", "larpers and medieval re-enactors"),
)
CIVIL_WAR = _a(
    "civil war re-enactors",
    ("Civil War re-enactment weekends", "regimental re-enactor Facebook groups",
     "battlefield park friends' groups"),
    ("history enthusiasts", "american frontier history buffs", "museum and heritage volunteers"),
)
GENEALOGY = _a(
    "genealogy hobbyists",
    ("#genealogy and #FamilyHistory tags", "family-history society newsletters",
     "ancestry research forums"),
    ("history enthusiasts", "oral history collectors", "citizen sleuths"),
)
COSTUMERS = _a(
    "historical costumers",
    ("#HistoricalCostuming and #HistoryBounding tags", "sewing-pattern Discord servers",
     "costume college and costume-con events"),
    ("renaissance faire goers", "cosplayers", "fans of period dramas"),
)
HERITAGE_VOLUNTEERS = _a(
    "museum and heritage volunteers",
    ("#MuseumSky and museum educators' accounts", "heritage trust and historic house newsletters",
     "local historical society meetings"),
    ("history enthusiasts", "history teachers", "art and museum goers"),
)
LARPERS = _a(
    "larpers and medieval re-enactors",
    ("LARP event pages and Discord servers", "historical European martial arts clubs",
     "medieval society feasts and tournaments"),
    ("renaissance faire goers", "tabletop rpg players"),
)
PERIOD_DRAMA = _a(
    "fans of period dramas",
    ("#Bridgerton and period-drama watch-along tags", "Jane Austen society events",
     "costume-drama podcasts"),
    ("historical costumers", "romcom movie fans", "british tv mystery fans"),
)
ORAL_HISTORY = _a(
    "oral history collectors",
    ("StoryCorps-style oral history projects", "local library oral history programmes",
     "oral history podcasts"),
    ("genealogy hobbyists", "memoir and life-writing circles", "history enthusiasts"),
)
MILITARY_HISTORY = _a(
    "military history buffs",
    ("military history podcasts", "r/WarCollege-style Q&A forums", "military museums' accounts"),
    ("cold war history buffs", "military and intelligence veterans", "history enthusiasts"),
)

# --- Horror, the uncanny and the spooky season --------------------------------------------------

HALLOWEEN = _a(
    "people who live for halloween",
    ("#Halloween and #SpookySeason tags", "Halloween-decor and home haunt subreddits",
     "haunted attraction fan groups"),
    ("ghost tour and haunted house fans", "horror film buffs", "special effects makeup artists"),
)
HORROR_FILM = _a(
    "horror film buffs",
    ("Letterboxd horror lists", "horror movie podcasts", "midnight-movie and genre film festival crowds"),
    ("people who live for halloween", "action movie fans"),
)
GHOST_TOURS = _a(
    "ghost tour and haunted house fans",
    ("ghost tour operators' accounts", "local haunted-history walking tours",
     "paranormal podcasts' listener groups"),
    ("paranormal investigators", "history enthusiasts", "people who live for halloween"),
)
PARANORMAL = _a(
    "paranormal investigators",
    ("r/Paranormal-style forums", "ghost-hunting YouTube channels", "paranormal conventions"),
    ("ghost tour and haunted house fans", "folklore and urban legend collectors"),
)
FOLKLORE = _a(
    "folklore and urban legend collectors",
    ("#FolkloreThursday", "folklore podcasts", "regional legend and cryptid Facebook groups"),
    ("mythology buffs", "ghost tour and haunted house fans"),
)
GOTH = _a(
    "goth and dark-aesthetic communities",
    ("#GothSky and dark academia tags", "goth club nights", "alternative fashion accounts"),
    ("people who live for halloween", "spoken word and open-mic crowds"),
)
SFX_MAKEUP = _a(
    "special effects makeup artists",
    ("#SFXMakeup tags", "makeup artists' Instagram and TikTok accounts", "haunted attraction crew forums"),
    ("cosplayers", "people who live for halloween"),
)
TTRPG = _a(
    "tabletop rpg players",
    ("#TTRPG tags", "game store game nights", "actual-play podcasts' Discord servers"),
    ("board game groups", "fantasy artists and map makers", "larpers and medieval re-enactors"),
)

# --- Spies, gadgets and puzzles -----------------------------------------------------------------

GADGETS = _a(
    "spy-gear and gadget fans",
    ("gadget review channels", "everyday-carry (#EDC) forums", "spy museum shop newsletters"),
    ("cold war history buffs", "cryptography and puzzle fans", "makers and robotics hobbyists"),
)
COLD_WAR = _a(
    "cold war history buffs",
    ("Cold War history podcasts", "declassified-documents newsletters", "spy museum events and talks"),
    ("military history buffs", "spy-gear and gadget fans"),
)
CRYPTO_PUZZLES = _a(
    "cryptography and puzzle fans",
    ("puzzle hunt Discord servers", "cipher and codebreaking subreddits", "puzzle newsletters"),
    ("escape room enthusiasts", "cybersecurity folks", "crossword solvers"),
)
ESCAPE_ROOMS = _a(
    "escape room enthusiasts",
    ("escape room review blogs", "r/EscapeRoom-style forums", "local escape room venues' accounts"),
    ("cryptography and puzzle fans", "murder mystery party hosts"),
)
CYBERSECURITY = _a(
    "cybersecurity folks",
    ("#infosec tags", "security conference hallway tracks", "capture-the-flag Discord servers"),
    ("cryptography and puzzle fans", "futurists and tech ethicists"),
)
BOND_FANS = _a(
    "james bond film fans",
    ("Bond fan podcasts", "classic film forums", "film location travel blogs"),
    ("watch and classic car collectors", "spy-gear and gadget fans", "action movie fans"),
)
WATCHES_CARS = _a(
    "watch and classic car collectors",
    ("#WatchFam tags", "classic car shows and club runs", "watch collectors' forums"),
    ("james bond film fans",),
)
VETERANS = _a(
    "military and intelligence veterans",
    ("veterans' association newsletters", "veteran writing workshops", "military history podcasts"),
    ("military history buffs", "first responders"),
)
TRAVELLERS = _a(
    "armchair travellers",
    ("travel blogs and #TravelTuesday", "destination subreddits", "travel podcasts"),
    ("foodies and home cooks", "language learners"),
)
LANGUAGE_LEARNERS = _a(
    "language learners",
    ("language exchange meetups", "language-learning Discord servers", "#LanguageLearning tags"),
    ("armchair travellers", "immigrant and diaspora communities"),
)

# --- Style, food and the good life -----------------------------------------------------------------

SATC = _a(
    "fans of sex and the city",
    ("Sex and the City rewatch podcasts", "#SATC fan accounts", "TV recap newsletters"),
    ("fashion lovers", "romcom movie fans", "working women's networks"),
)
FASHION = _a(
    "fashion lovers",
    ("#OOTD and style tags", "fashion bloggers' accounts", "thrift-flip and vintage clothing communities"),
    ("fans of sex and the city", "historical costumers"),
)
WORKING_WOMEN = _a(
    "working women's networks",
    ("women-in-business LinkedIn groups", "professional women's networking events", "career podcasts"),
    ("life and career coaches", "fans of sex and the city"),
)
WEDDINGS = _a(
    "wedding planners and brides-to-be",
    ("wedding Pinterest boards", "wedding planning forums", "bridal expos"),
    ("fashion lovers", "romcom movie fans"),
)
ROMCOM = _a(
    "romcom movie fans",
    ("romcom podcasts", "Letterboxd romcom lists", "#RomComSky watch-alongs"),
    ("fans of sex and the city", "fans of period dramas"),
)
DATING = _a(
    "dating and relationship podcast listeners",
    ("dating and relationship podcasts", "relationship advice subreddits", "dating humour accounts"),
    ("romcom movie fans", "therapists and counsellors"),
)
BOOK_CLUBS = _a(
    "book club organisers",
    ("library book club listings", "#BookClub tags", "wine-and-books meetup groups"),
    ("independent bookshop communities", "church book groups", "public and children's librarians"),
)
FOODIES = _a(
    "foodies and home cooks",
    ("recipe-swap tags and food bloggers' accounts", "cooking class communities", "food podcasts"),
    ("home bakers", "armchair travellers", "wine lovers"),
)
WINE = _a(
    "wine lovers",
    ("wine tasting events", "#WineWednesday", "winery newsletters"),
    ("foodies and home cooks", "book club organisers"),
)
DANCERS = _a(
    "ballroom and swing dancers",
    ("swing and ballroom dance socials", "dance studio accounts", "dance camp Facebook groups"),
    ("fans of period dramas", "country music fans"),
)
CRAFTERS = _a(
    "knitters and crafters",
    ("Ravelry groups and #knitting tags", "yarn shop knit nights", "craft fairs"),
    ("tea lovers", "cottagecore and herbalism fans"),
)

# --- Teens, fandom and cons -----------------------------------------------------------------------

PARENTS_OF_TEENS = _a(
    "parents of teenagers",
    ("parenting-teens newsletters and podcasts", "school parent association groups",
     "#ParentingTeens tags"),
    ("school librarians", "teachers and students", "youth mental health advocates"),
)
SCHOOL_LIBRARIANS = _a(
    "school librarians",
    ("#SchoolLibrarians and #LibrarySky", "school library association newsletters",
     "librarians' conference sessions"),
    ("teachers and students", "public and children's librarians"),
)
TEEN_WRITERS = _a(
    "teen writers",
    ("young writers' workshops and camps", "NaNoWriMo-style young writers' forums",
     "school literary magazines"),
    ("creative writing teachers", "fandom and fan fiction communities"),
)
FANDOM = _a(
    "fandom and fan fiction communities",
    ("Archive of Our Own fandom tags", "fandom Discord servers", "Tumblr fandom blogs"),
    ("cosplayers", "anime and manga fans", "teen writers"),
)
COSPLAYERS = _a(
    "cosplayers",
    ("#cosplay tags", "comic cons and anime cons", "cosplay build forums"),
    ("historical costumers", "fandom and fan fiction communities", "special effects makeup artists"),
)
YOUTH_MENTAL_HEALTH = _a(
    "youth mental health advocates",
    ("youth mental health nonprofits' accounts", "school counsellors' networks",
     "#MentalHealthAwareness tags"),
    ("parents of teenagers", "therapists and counsellors"),
)
ANIME = _a(
    "anime and manga fans",
    ("anime conventions", "r/manga-style forums", "anime club Discord servers"),
    ("cosplayers", "fandom and fan fiction communities", "story-driven video gamers"),
)

# --- Fantasy, myth and games ------------------------------------------------------------------------

MYTHOLOGY = _a(
    "mythology buffs",
    ("mythology podcasts", "#FolkloreThursday and myth-retelling tags", "classics and ancient history forums"),
    ("folklore and urban legend collectors", "history enthusiasts"),
)
FANTASY_ARTISTS = _a(
    "fantasy artists and map makers",
    ("#FantasyArt and #MapMonday tags", "r/worldbuilding-style forums", "ArtStation portfolios"),
    ("tabletop rpg players", "visual artists and illustrators"),
)
GAMERS = _a(
    "story-driven video gamers",
    ("game lore YouTube channels", "Twitch streams of narrative games", "game community Discord servers"),
    ("tabletop rpg players", "anime and manga fans"),
)
COTTAGECORE = _a(
    "cottagecore and herbalism fans",
    ("#cottagecore tags", "foraging walks and groups", "herbalism newsletters"),
    ("gardeners", "witchy and tarot communities", "knitters and crafters"),
)
WITCHY = _a(
    "witchy and tarot communities",
    ("#WitchySky and tarot-reading accounts", "metaphysical shop events", "moon-circle meetups"),
    ("cottagecore and herbalism fans", "folklore and urban legend collectors"),
)
BOARD_GAMES = _a(
    "board game groups",
    ("board game cafes", "BoardGameGeek forums", "#boardgames tags"),
    ("tabletop rpg players", "murder mystery party hosts"),
)

# --- Science, space and making ---------------------------------------------------------------------

ASTRONOMY = _a(
    "space and astronomy enthusiasts",
    ("#astronomy and #SpaceSky tags", "amateur astronomy clubs' star parties",
     "launch livestream chats"),
    ("science teachers", "futurists and tech ethicists"),
)
SCIENCE_TEACHERS = _a(
    "science teachers",
    ("#ScienceTeacher and #NGSSchat", "STEM educator newsletters", "science fair organisers"),
    ("teachers and students", "space and astronomy enthusiasts", "kids' coding and stem clubs"),
)
FUTURISTS = _a(
    "futurists and tech ethicists",
    ("tech ethics newsletters", "futurism podcasts", "AI policy discussion forums"),
    ("cybersecurity folks", "climate and solarpunk communities"),
)
MAKERS = _a(
    "makers and robotics hobbyists",
    ("makerspaces and maker faires", "#3DPrinting and Arduino forums", "robotics club Discord servers"),
    ("spy-gear and gadget fans", "kids' coding and stem clubs"),
)
SOLARPUNK = _a(
    "climate and solarpunk communities",
    ("#solarpunk tags", "local climate action groups", "community garden networks"),
    ("gardeners", "futurists and tech ethicists"),
)

# --- Crime, courts and detectives -------------------------------------------------------------------

TRUE_CRIME_PODCASTS = _a(
    "true crime podcast listeners",
    ("true crime podcasts' Discord servers", "true crime festivals and live shows",
     "#TrueCrime tags"),
    ("citizen sleuths", "forensic science fans"),
)
FORENSICS = _a(
    "forensic science fans",
    ("forensic science YouTube channels", "#forensics tags", "forensic anthropology lecture series"),
    ("true crime podcast listeners", "science teachers", "citizen sleuths"),
)
MURDER_PARTIES = _a(
    "murder mystery party hosts",
    ("murder mystery dinner kit communities", "party-planning Pinterest boards", "dinner theatre troupes"),
    ("escape room enthusiasts", "board game groups"),
)
CROSSWORDS = _a(
    "crossword solvers",
    ("crossword constructors' blogs", "daily puzzle communities", "crossword tournaments"),
    ("cryptography and puzzle fans", "tea lovers"),
)
LAWYERS = _a(
    "lawyers and courtroom watchers",
    ("#LawSky and legal Bluesky", "law school student groups", "legal affairs podcasts"),
    ("true crime podcast listeners", "criminal justice reform advocates"),
)
BRIT_TV = _a(
    "british tv mystery fans",
    ("Masterpiece and BritBox fan groups", "classic detective TV podcasts", "#Masterpiece watch-alongs"),
    ("fans of period dramas", "tea lovers"),
)
CITIZEN_SLEUTHS = _a(
    "citizen sleuths",
    ("r/UnresolvedMysteries-style forums", "Websleuths-style discussion boards", "cold case Facebook groups"),
    ("true crime podcast listeners", "genealogy hobbyists"),
)
JUSTICE_REFORM = _a(
    "criminal justice reform advocates",
    ("innocence project newsletters", "reform nonprofits' accounts", "#CriminalJustice tags"),
    ("lawyers and courtroom watchers", "journalists and essayists"),
)
PSYCH_STUDENTS = _a(
    "psychology and criminology students",
    ("psychology subreddits", "criminology course groups", "#PsychSky tags"),
    ("teachers and students", "forensic science fans"),
)
VICTIM_ADVOCATES = _a(
    "victim advocacy volunteers",
    ("victim advocacy nonprofits", "crisis line volunteer networks", "survivor support newsletters"),
    ("criminal justice reform advocates", "therapists and counsellors"),
)
FIRST_RESPONDERS = _a(
    "first responders",
    ("firefighter and EMT forums", "emergency services associations", "#FirstResponders tags"),
    ("military and intelligence veterans",),
)
ADRENALINE = _a(
    "adventure and adrenaline sports fans",
    ("climbing gym communities", "skydiving forums", "adventure-race events"),
    ("armchair travellers", "national park hikers"),
)
ACTION_MOVIES = _a(
    "action movie fans",
    ("action film podcasts", "Letterboxd action lists", "stunt performers' accounts"),
    ("james bond film fans", "horror film buffs"),
)

# --- Cozy corners ---------------------------------------------------------------------------------

TEA = _a(
    "tea lovers",
    ("tea shop accounts", "#TeaTime tags", "tea-tasting subreddits"),
    ("home bakers", "knitters and crafters"),
)
BAKERS = _a(
    "home bakers",
    ("Bake Off watch-along tags", "baking blogs and recipe swaps", "bakery Instagram accounts"),
    ("tea lovers", "foodies and home cooks"),
)
PET_LOVERS = _a(
    "cat and dog lovers",
    ("#CatsOfMastodon and #DogsOfBluesky", "pet rescue and adoption accounts", "breed-specific Facebook groups"),
    ("knitters and crafters", "gardeners"),
)
GARDENERS = _a(
    "gardeners",
    ("#gardening tags and allotment forums", "garden club meetings", "seed-swap events"),
    ("cottagecore and herbalism fans", "tea lovers", "nature walkers and birders"),
)
MAIN_STREET = _a(
    "small-town main street boosters",
    ("town Facebook groups", "local business association newsletters", "farmers' markets"),
    ("independent bookshop communities", "gardeners"),
)

# --- Books, arts and letters ------------------------------------------------------------------------

INDIE_BOOKSHOPS = _a(
    "independent bookshop communities",
    ("indie bookshop newsletters and events", "#IndieBookstore tags", "bookshop author-reading nights"),
    ("book club organisers", "small-town main street boosters"),
)
ART_HOUSE = _a(
    "art house film lovers",
    ("Letterboxd art-house lists", "independent cinema membership newsletters", "film festival crowds"),
    ("art and museum goers", "philosophy cafe regulars"),
)
PHILOSOPHY = _a(
    "philosophy cafe regulars",
    ("philosophy podcasts", "r/philosophy-style forums", "philosophy cafe meetups"),
    ("art house film lovers", "mindfulness and meditation groups"),
)
CREATIVE_WRITING_TEACHERS = _a(
    "creative writing teachers",
    ("writing workshop alumni networks", "#WritingCommunity teaching threads", "writers' conference faculty"),
    ("teachers and students", "teen writers", "literary magazine editors"),
)
MUSEUM_GOERS = _a(
    "art and museum goers",
    ("#MuseumSky and gallery accounts", "gallery opening nights", "art history podcasts"),
    ("art house film lovers", "museum and heritage volunteers", "visual artists and illustrators"),
)
LITMAG_EDITORS = _a(
    "literary magazine editors",
    ("litmag newsletters", "small press accounts", "writers' conferences and book fairs"),
    ("creative writing teachers", "spoken word and open-mic crowds"),
)
CLASSICAL = _a(
    "classical music and opera lovers",
    ("opera house fan groups", "classical radio communities", "concert season subscriber newsletters"),
    ("art and museum goers",),
)
MEMOIR_CIRCLES = _a(
    "memoir and life-writing circles",
    ("life-writing workshops at libraries", "#AmWritingMemoir", "legacy-writing classes at senior centres"),
    ("genealogy hobbyists", "oral history collectors", "creative writing teachers"),
)
RECOVERY = _a(
    "recovery and sobriety communities",
    ("sober-curious podcasts", "recovery meetups and sober social clubs", "#RecoverySky tags"),
    ("therapists and counsellors", "mindfulness and meditation groups"),
)
CAREGIVERS = _a(
    "caregivers",
    ("caregiver support forums", "#caregiving tags", "hospice and eldercare newsletters"),
    ("therapists and counsellors", "grandparents"),
)
DIASPORA = _a(
    "immigrant and diaspora communities",
    ("diaspora cultural associations", "heritage language groups", "cultural festivals"),
    ("language learners", "foodies and home cooks", "oral history collectors"),
)
JOURNALISTS = _a(
    "journalists and essayists",
    ("personal essay newsletters", "#JournalismSky", "essay-writing workshops"),
    ("literary magazine editors", "criminal justice reform advocates"),
)
PODCASTERS = _a(
    "interview podcasters",
    ("podcast guest-booking newsletters", "indie podcast networks", "#podcasting tags"),
    ("journalists and essayists", "life and career coaches"),
)
OPEN_MIC = _a(
    "spoken word and open-mic crowds",
    ("open mic nights at cafes and bars", "poetry slam events", "#PoetrySky and #poetry tags"),
    ("songwriters and musicians", "literary magazine editors"),
)
SONGWRITERS = _a(
    "songwriters and musicians",
    ("songwriting forums", "singer-songwriter nights", "music production Discord servers"),
    ("spoken word and open-mic crowds", "country music fans"),
)
ILLUSTRATORS = _a(
    "visual artists and illustrators",
    ("#ArtSky and #illustration tags", "artist collective accounts", "illustrators' portfolio sites"),
    ("zine makers", "art and museum goers"),
)
ZINES = _a(
    "zine makers",
    ("zine fairs", "zine library accounts", "risograph print shops"),
    ("visual artists and illustrators", "letterpress and calligraphy hobbyists"),
)
LETTERPRESS = _a(
    "letterpress and calligraphy hobbyists",
    ("#calligraphy and hand-lettering tags", "letterpress studio workshops", "stationery subreddits"),
    ("zine makers", "journaling community"),
)
BIRDERS = _a(
    "nature walkers and birders",
    ("#birding and #BirdsOfMastodon", "birding club walks", "nature journaling groups"),
    ("gardeners", "journaling community", "national park hikers"),
)
MINDFULNESS = _a(
    "mindfulness and meditation groups",
    ("meditation app communities", "yoga studio newsletters", "#mindfulness tags"),
    ("journaling community", "recovery and sobriety communities"),
)
ENGLISH_TEACHERS = _a(
    "english teachers",
    ("#EngChat and #ELAchat", "English teachers' Facebook groups", "poetry-teaching resource sites"),
    ("teachers and students", "creative writing teachers"),
)
JOURNALING = _a(
    "journaling community",
    ("#BulletJournal and journaling tags", "journaling subreddits", "stationery shop accounts"),
    ("letterpress and calligraphy hobbyists", "productivity and habit nerds"),
)

# --- Little ones and the grown-ups around them -------------------------------------------------------

PARENTS_YOUNG = _a(
    "parents of young children",
    ("parenting podcasts and newsletters", "#ParentingSky", "playgroups and toddler music classes"),
    ("preschool and kindergarten teachers", "public and children's librarians", "grandparents"),
)
PRESCHOOL_TEACHERS = _a(
    "preschool and kindergarten teachers",
    ("#KinderChat and #EarlyEd", "early-childhood teachers' Pinterest boards", "teacher resource shops"),
    ("teachers and students", "parents of young children"),
)
CHILDRENS_LIBRARIANS = _a(
    "public and children's librarians",
    ("library storytime programmes", "#KidLit librarian accounts", "public library newsletters"),
    ("school librarians", "preschool and kindergarten teachers", "book club organisers"),
)
GRANDPARENTS = _a(
    "grandparents",
    ("grandparenting Facebook groups", "senior centre newsletters", "grandparent blogs"),
    ("parents of young children",),
)
HOMESCHOOL = _a(
    "homeschooling families",
    ("homeschool co-op groups", "homeschool curriculum forums", "#homeschool tags"),
    ("parents of tweens", "teachers and students"),
)
EARLY_LITERACY = _a(
    "speech therapists and early literacy advocates",
    ("speech-language pathologists' accounts", "literacy nonprofit newsletters", "#EarlyLiteracy tags"),
    ("preschool and kindergarten teachers", "literacy tutors and reading volunteers"),
)
KIDS_MUSEUMS = _a(
    "children's museum and zoo educators",
    ("children's museum educators' accounts", "zoo and aquarium education programmes", "nature centre newsletters"),
    ("parents of young children", "museum and heritage volunteers"),
)
PARENTS_TWEENS = _a(
    "parents of tweens",
    ("parenting-tweens newsletters", "school parent association groups", "#ParentingTweens tags"),
    ("school librarians", "homeschooling families", "family gamers"),
)
SCOUT_LEADERS = _a(
    "scout and youth club leaders",
    ("scout leader forums", "youth club newsletters", "summer camp staff groups"),
    ("parents of tweens", "outdoor and camping families"),
)
KIDS_STEM = _a(
    "kids' coding and stem clubs",
    ("robotics league team groups", "Code Club-style volunteer networks", "STEM camp newsletters"),
    ("makers and robotics hobbyists", "science teachers"),
)
FAMILY_GAMERS = _a(
    "family gamers",
    ("family gaming Discord servers", "Minecraft build communities", "gaming parents' podcasts"),
    ("kids' coding and stem clubs", "parents of tweens", "board game groups"),
)
LITERACY_TUTORS = _a(
    "literacy tutors and reading volunteers",
    ("reading-volunteer programmes", "literacy nonprofit newsletters", "adult literacy tutor networks"),
    ("public and children's librarians", "teachers and students"),
)

# --- The open range ---------------------------------------------------------------------------------

HORSE_PEOPLE = _a(
    "horse riders and ranchers",
    ("#HorsesOfBluesky and equestrian forums", "county fairs and horse shows", "ranch life accounts"),
    ("rodeo fans", "outdoor and camping families"),
)
RODEO = _a(
    "rodeo fans",
    ("rodeo events", "rodeo livestream chats", "western wear shops' accounts"),
    ("country music fans", "horse riders and ranchers"),
)
COUNTRY_MUSIC = _a(
    "country music fans",
    ("country radio station communities", "honky-tonk and line dancing nights", "country music podcasts"),
    ("rodeo fans", "songwriters and musicians", "ballroom and swing dancers"),
)
FRONTIER_HISTORY = _a(
    "american frontier history buffs",
    ("frontier history podcasts", "living history museums", "historic trail heritage groups"),
    ("history enthusiasts", "civil war re-enactors"),
)
HIKERS = _a(
    "national park hikers",
    ("#NationalParks and hiking tags", "trail forums", "park ranger programmes"),
    ("outdoor and camping families", "nature walkers and birders"),
)
WESTERN_FILM = _a(
    "classic western film fans",
    ("classic film channels' communities", "Letterboxd western lists", "western film festivals"),
    ("country music fans", "action movie fans"),
)
COWBOY_POETRY = _a(
    "cowboy poetry gatherings",
    ("cowboy poetry gatherings", "western heritage festivals", "ranch radio shows"),
    ("spoken word and open-mic crowds", "country music fans"),
)
CAMPERS = _a(
    "outdoor and camping families",
    ("camping forums", "RV and van life communities", "#camping tags"),
    ("national park hikers", "scout and youth club leaders"),
)

# --- Faith and service ------------------------------------------------------------------------------

CHURCH_BOOK_GROUPS = _a(
    "church book groups",
    ("women's ministry and church library groups", "small-group Bible study networks", "Christian bookshop events"),
    ("book club organisers", "faith-based parenting communities"),
)
CHRISTIAN_MUSIC = _a(
    "christian music listeners",
    ("Christian radio communities", "worship music podcasts", "Christian music festivals"),
    ("church book groups", "songwriters and musicians"),
)
DEVOTIONAL_JOURNALERS = _a(
    "devotional and prayer journalers",
    ("#BibleJournaling tags", "devotional newsletters", "prayer journaling Facebook groups"),
    ("journaling community", "church book groups"),
)
MISSIONS = _a(
    "missions and charity volunteers",
    ("mission trip alumni groups", "church outreach newsletters", "faith-based nonprofit accounts"),
    ("church book groups", "pastors and ministry leaders"),
)
FAITH_PARENTS = _a(
    "faith-based parenting communities",
    ("Christian parenting podcasts", "moms' and dads' groups at church", "faith parenting blogs"),
    ("homeschooling families", "parents of young children"),
)
PASTORS = _a(
    "pastors and ministry leaders",
    ("pastors' networks", "ministry leadership podcasts", "denominational newsletters"),
    ("church book groups", "missions and charity volunteers"),
)

# --- Growth, work and wellbeing ---------------------------------------------------------------------

PRODUCTIVITY = _a(
    "productivity and habit nerds",
    ("productivity newsletters", "r/getdisciplined-style forums", "#productivity tags"),
    ("journaling community", "life and career coaches"),
)
COACHES = _a(
    "life and career coaches",
    ("coaching associations' LinkedIn groups", "coaching podcasts", "coach training cohorts"),
    ("working women's networks", "productivity and habit nerds", "new graduates"),
)
RUNNERS = _a(
    "running and fitness clubs",
    ("parkrun and local running clubs", "#running tags", "gym community groups"),
    ("mindfulness and meditation groups", "adventure and adrenaline sports fans"),
)
THERAPISTS = _a(
    "therapists and counsellors",
    ("therapists' professional networks", "mental health podcasts", "#MentalHealthSky"),
    ("mindfulness and meditation groups", "recovery and sobriety communities"),
)
NEW_GRADS = _a(
    "new graduates",
    ("alumni networks", "university careers centre newsletters", "early-career subreddits"),
    ("life and career coaches", "teachers and students"),
)

# --- Loss and care (reached through a genre's parts: "grief memoir") -----------------------------------

GRIEF_SUPPORT = _a(
    "grief support groups",
    ("hospice and library bereavement circles", "grief podcasts and newsletters",
     "#GriefJourney and grief-writing accounts"),
    ("hospice volunteers", "therapists and counsellors", "memoir and life-writing circles"),
)
HOSPICE = _a(
    "hospice volunteers",
    ("hospice volunteer programmes", "end-of-life doula networks", "palliative care newsletters"),
    ("grief support groups", "caregivers"),
)


GENRES: dict[str, tuple[AudienceIdea, ...]] = {
    "historical fiction": (
        HISTORY_ENTHUSIASTS, TEACHERS_AND_STUDENTS, RENFAIRE, CIVIL_WAR, HISTORY_TEACHERS,
        GENEALOGY, COSTUMERS, HERITAGE_VOLUNTEERS, PERIOD_DRAMA,
    ),
    "horror": (
        HALLOWEEN, HORROR_FILM, GHOST_TOURS, PARANORMAL, FOLKLORE, GOTH, SFX_MAKEUP, TTRPG,
    ),
    "spy thriller": (
        GADGETS, COLD_WAR, CRYPTO_PUZZLES, BOND_FANS, CYBERSECURITY, VETERANS, WATCHES_CARS,
        LANGUAGE_LEARNERS, TRAVELLERS,
    ),
    "chick-lit": (
        SATC, FASHION, WORKING_WOMEN, ROMCOM, WEDDINGS, DATING, BOOK_CLUBS, WINE, FOODIES,
    ),
    "young adult": (
        PARENTS_OF_TEENS, SCHOOL_LIBRARIANS, TEACHERS_AND_STUDENTS, FANDOM, TEEN_WRITERS, COSPLAYERS,
        YOUTH_MENTAL_HEALTH, ANIME,
    ),
    "fantasy": (
        TTRPG, RENFAIRE, LARPERS, MYTHOLOGY, FANTASY_ARTISTS, COSPLAYERS, GAMERS, COTTAGECORE, WITCHY,
    ),
    "science fiction": (
        ASTRONOMY, SCIENCE_TEACHERS, FUTURISTS, MAKERS, CYBERSECURITY, SOLARPUNK, TTRPG, GAMERS,
    ),
    "romance": (
        PERIOD_DRAMA, ROMCOM, WEDDINGS, DANCERS, TRAVELLERS, DATING, CRAFTERS, WINE,
    ),
    "mystery": (
        TRUE_CRIME_PODCASTS, CROSSWORDS, ESCAPE_ROOMS, MURDER_PARTIES, BRIT_TV, FORENSICS, BOARD_GAMES,
        LAWYERS,
    ),
    "cozy mystery": (
        CRAFTERS, TEA, BAKERS, PET_LOVERS, GARDENERS, MAIN_STREET, CROSSWORDS, BRIT_TV,
    ),
    "literary fiction": (
        BOOK_CLUBS, INDIE_BOOKSHOPS, ART_HOUSE, CREATIVE_WRITING_TEACHERS, MUSEUM_GOERS, PHILOSOPHY,
        LITMAG_EDITORS, CLASSICAL,
    ),
    "memoir": (
        MEMOIR_CIRCLES, GENEALOGY, ORAL_HISTORY, CAREGIVERS, RECOVERY, DIASPORA, JOURNALISTS, PODCASTERS,
    ),
    "poetry": (
        OPEN_MIC, SONGWRITERS, ENGLISH_TEACHERS, ILLUSTRATORS, ZINES, LETTERPRESS, BIRDERS, MINDFULNESS,
    ),
    "children's picture books": (
        PARENTS_YOUNG, PRESCHOOL_TEACHERS, CHILDRENS_LIBRARIANS, GRANDPARENTS, ILLUSTRATORS, HOMESCHOOL,
        EARLY_LITERACY, KIDS_MUSEUMS,
    ),
    "middle grade": (
        PARENTS_TWEENS, SCHOOL_LIBRARIANS, TEACHERS_AND_STUDENTS, HOMESCHOOL, SCOUT_LEADERS, KIDS_STEM,
        FAMILY_GAMERS, LITERACY_TUTORS,
    ),
    "thriller": (
        TRUE_CRIME_PODCASTS, MILITARY_HISTORY, VETERANS, CYBERSECURITY, LAWYERS, ACTION_MOVIES,
        FIRST_RESPONDERS, ADRENALINE,
    ),
    "western": (
        HORSE_PEOPLE, RODEO, COUNTRY_MUSIC, FRONTIER_HISTORY, HIKERS, WESTERN_FILM, COWBOY_POETRY,
        CAMPERS,
    ),
    "christian fiction": (
        CHURCH_BOOK_GROUPS, CHRISTIAN_MUSIC, HOMESCHOOL, DEVOTIONAL_JOURNALERS, FAITH_PARENTS, MISSIONS,
        PASTORS,
    ),
    "true crime": (
        CITIZEN_SLEUTHS, FORENSICS, LAWYERS, GENEALOGY, JUSTICE_REFORM, PSYCH_STUDENTS, JOURNALISTS,
        VICTIM_ADVOCATES,
    ),
    "nonfiction self-help": (
        PRODUCTIVITY, JOURNALING, MINDFULNESS, COACHES, RUNNERS, WORKING_WOMEN, THERAPISTS, NEW_GRADS,
    ),
}

GENRE_ALIASES: dict[str, str] = {
    # historical fiction
    "hist fic": "historical fiction",
    "histfic": "historical fiction",
    "historical": "historical fiction",
    "historical novel": "historical fiction",
    "historical romance": "romance",
    # horror
    "ghost story": "horror",
    "ghost stories": "horror",
    "supernatural horror": "horror",
    # spy thriller
    "spy": "spy thriller",
    "spy fiction": "spy thriller",
    "spy novel": "spy thriller",
    "espionage": "spy thriller",
    "espionage thriller": "spy thriller",
    # chick-lit
    "chick lit": "chick-lit",
    "chicklit": "chick-lit",
    "women's fiction": "chick-lit",
    "womens fiction": "chick-lit",
    # young adult
    "ya": "young adult",
    "y.a.": "young adult",
    "young-adult": "young adult",
    "ya fiction": "young adult",
    "teen": "young adult",
    "teen fiction": "young adult",
    # fantasy
    "epic fantasy": "fantasy",
    "high fantasy": "fantasy",
    "urban fantasy": "fantasy",
    "sword and sorcery": "fantasy",
    # science fiction
    "sci-fi": "science fiction",
    "scifi": "science fiction",
    "sci fi": "science fiction",
    "sf": "science fiction",
    "space opera": "science fiction",
    "dystopian": "science fiction",
    "cyberpunk": "science fiction",
    # romance
    "rom-com": "romance",
    "romcom": "romance",
    "romantic comedy": "romance",
    "contemporary romance": "romance",
    # mystery
    "mysteries": "mystery",
    "crime": "mystery",
    "crime fiction": "mystery",
    "detective": "mystery",
    "detective fiction": "mystery",
    "whodunit": "mystery",
    "whodunnit": "mystery",
    # cozy mystery
    "cozy": "cozy mystery",
    "cosy": "cozy mystery",
    "cosy mystery": "cozy mystery",
    "cozy crime": "cozy mystery",
    "cosy crime": "cozy mystery",
    # literary fiction
    "literary": "literary fiction",
    "lit fic": "literary fiction",
    "litfic": "literary fiction",
    # memoir
    "memoirs": "memoir",
    "autobiography": "memoir",
    "creative nonfiction": "memoir",
    "personal essay": "memoir",
    "personal essays": "memoir",
    # poetry
    "poems": "poetry",
    "verse": "poetry",
    # children's picture books
    "picture books": "children's picture books",
    "picture book": "children's picture books",
    "childrens picture books": "children's picture books",
    "children's books": "children's picture books",
    "childrens books": "children's picture books",
    "board books": "children's picture books",
    # middle grade
    "mg": "middle grade",
    "middle-grade": "middle grade",
    "middle grade fiction": "middle grade",
    # thriller
    "suspense": "thriller",
    "psychological thriller": "thriller",
    "action thriller": "thriller",
    "legal thriller": "thriller",
    "techno-thriller": "thriller",
    # western
    "westerns": "western",
    "western fiction": "western",
    "cowboy fiction": "western",
    "frontier fiction": "western",
    # christian fiction
    "christian": "christian fiction",
    "inspirational": "christian fiction",
    "inspirational fiction": "christian fiction",
    "faith fiction": "christian fiction",
    # true crime
    "true-crime": "true crime",
    "truecrime": "true crime",
    # nonfiction self-help
    "self-help": "nonfiction self-help",
    "self help": "nonfiction self-help",
    "selfhelp": "nonfiction self-help",
    "personal development": "nonfiction self-help",
    "personal growth": "nonfiction self-help",
    "non-fiction self-help": "nonfiction self-help",
    # more names writers give their genres
    "grimdark": "fantasy",
    "speculative fiction": "science fiction",
    "spec fic": "science fiction",
    "post-apocalyptic": "science fiction",
    "noir": "mystery",
    "police procedural": "mystery",
}


# --- Genres by their parts -----------------------------------------------------------------------
# A genre text the map does not know whole ("YA fantasy", "nature poetry", "grief memoir") is read by
# its parts: words and word pairs that name a genre (a key, an alias, or PART_GENRES), and words that
# add something specific (PART_IDEAS), whose audiences come first.

# Words and pairs that add specific audiences to the genres named beside them. Read only as parts:
# "cozy" on its own is still the alias of "cozy mystery".
PART_IDEAS: dict[str, tuple[AudienceIdea, ...]] = {
    "nature": (BIRDERS, HIKERS, GARDENERS),
    "wildlife": (BIRDERS, HIKERS),
    "birding": (BIRDERS,),
    "garden": (GARDENERS, COTTAGECORE),
    "gardening": (GARDENERS, COTTAGECORE),
    "grief": (GRIEF_SUPPORT, HOSPICE, THERAPISTS),
    "caregiving": (CAREGIVERS, HOSPICE),
    "recovery": (RECOVERY, THERAPISTS),
    "addiction": (RECOVERY, THERAPISTS),
    "mental health": (THERAPISTS, MINDFULNESS, YOUTH_MENTAL_HEALTH),
    "immigrant": (DIASPORA, LANGUAGE_LEARNERS),
    "immigration": (DIASPORA, LANGUAGE_LEARNERS),
    "diaspora": (DIASPORA, LANGUAGE_LEARNERS),
    "travel": (TRAVELLERS, LANGUAGE_LEARNERS),
    "food": (FOODIES, BAKERS),
    "culinary": (FOODIES, BAKERS),
    "parenting": (PARENTS_YOUNG, PARENTS_OF_TEENS),
    "motherhood": (PARENTS_YOUNG, GRANDPARENTS),
    "cozy": (TEA, BAKERS, CRAFTERS, COTTAGECORE),
    "cosy": (TEA, BAKERS, CRAFTERS, COTTAGECORE),
    "cottagecore": (COTTAGECORE, CRAFTERS),
    "small town": (MAIN_STREET,),
    "small-town": (MAIN_STREET,),
    "dark academia": (GOTH, PHILOSOPHY, MYTHOLOGY, CLASSICAL),
    "gothic": (GOTH, GHOST_TOURS, PERIOD_DRAMA),
    "paranormal": (PARANORMAL, GHOST_TOURS, WITCHY),
    "ghost": (GHOST_TOURS, PARANORMAL),
    "witch": (WITCHY, COTTAGECORE),
    "witchy": (WITCHY, COTTAGECORE),
    "spooky": (HALLOWEEN, GHOST_TOURS),
    "halloween": (HALLOWEEN,),
    "folklore": (FOLKLORE, MYTHOLOGY),
    "fairy tale": (FOLKLORE, COTTAGECORE),
    "fairytale": (FOLKLORE, COTTAGECORE),
    "myth": (MYTHOLOGY, FOLKLORE),
    "mythic": (MYTHOLOGY, FOLKLORE),
    "mythology": (MYTHOLOGY, FOLKLORE),
    "regency": (PERIOD_DRAMA, DANCERS, COSTUMERS),
    "victorian": (PERIOD_DRAMA, COSTUMERS),
    "medieval": (LARPERS, RENFAIRE),
    "viking": (LARPERS, MYTHOLOGY),
    "military": (MILITARY_HISTORY, VETERANS),
    "war": (MILITARY_HISTORY, VETERANS),
    "civil war": (CIVIL_WAR, HISTORY_ENTHUSIASTS),
    "cold war": (COLD_WAR, GADGETS),
    "legal": (LAWYERS, JUSTICE_REFORM),
    "courtroom": (LAWYERS, JUSTICE_REFORM),
    "forensic": (FORENSICS, CITIZEN_SLEUTHS),
    "space": (ASTRONOMY, SCIENCE_TEACHERS),
    "climate": (SOLARPUNK, FUTURISTS),
    "solarpunk": (SOLARPUNK, GARDENERS),
    "steampunk": (MAKERS, COSTUMERS, COSPLAYERS),
    "litrpg": (GAMERS, TTRPG),
    "gamelit": (GAMERS, TTRPG),
    "puzzle": (CRYPTO_PUZZLES, CROSSWORDS),
    "heist": (ESCAPE_ROOMS, CRYPTO_PUZZLES),
    "adventure": (ADRENALINE, HIKERS),
    "horse": (HORSE_PEOPLE,),
    "equestrian": (HORSE_PEOPLE,),
    "dog": (PET_LOVERS,),
    "cat": (PET_LOVERS,),
    "animal": (PET_LOVERS, BIRDERS),
    "music": (SONGWRITERS, CLASSICAL),
    "faith": (CHURCH_BOOK_GROUPS, DEVOTIONAL_JOURNALERS),
}

# Words that name genres only as a part of a longer text ("romantic suspense", "romantasy").
PART_GENRES: dict[str, tuple[str, ...]] = {
    "romantic": ("romance",),
    "romantasy": ("fantasy", "romance"),
    "speculative": ("science fiction", "fantasy"),
    "kidlit": ("children's picture books", "middle grade"),
    "picture": ("children's picture books",),
}

_PART_WORDS = max(len(text.split()) for text in (*GENRES, *GENRE_ALIASES, *PART_IDEAS, *PART_GENRES))
# Said around a genre's name, naming no genre: never read as one, even where a plural rule would find one.
_FILLER = frozenset({"a", "an", "and", "the", "of", "in", "for", "with", "fiction", "novel", "novels",
                     "book", "books", "story", "stories", "lit", "genre", "adult", "adults"})


def _clean(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def _known(text: str) -> str | None:
    if text in GENRES:
        return text
    return GENRE_ALIASES.get(text)


def genre_key(text: str) -> str | None:
    """The GENRES key a writer's genre text names whole ("YA", "Cozy Mysteries", "sci-fi "), or None.
    Its parts are read by `genre_parts`."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    found = _known(cleaned)
    if found is not None:
        return found
    if cleaned.endswith("ies"):
        found = _known(cleaned[:-3] + "y")
        if found is not None:
            return found
    if cleaned.endswith("s"):
        return _known(cleaned[:-1])
    return None


@dataclass(frozen=True)
class GenreParts:
    """What a writer's genre text names: the genres (GENRES keys) and the specific audiences its parts
    add ("nature" in "nature poetry"), both in the text's order."""

    genres: tuple[str, ...] = ()
    specific: tuple[AudienceIdea, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.genres or self.specific)


def _part(span: str) -> GenreParts | None:
    """What one word or word pair names, or None: a specific part first, then a genre."""
    for form in (span, span[:-1] if span.endswith("s") and len(span) > 3 else None):
        if form and form in PART_IDEAS:
            return GenreParts(specific=PART_IDEAS[form])
    if span in PART_GENRES:
        return GenreParts(genres=PART_GENRES[span])
    if span in _FILLER:
        return None
    key = genre_key(span)
    return GenreParts(genres=(key,)) if key is not None else None


@lru_cache(maxsize=256)
def genre_parts(text: str) -> GenreParts:
    """The genres a writer's genre text names: whole as `genre_key` reads it, else by its parts, the
    longest first from the left ("YA fantasy": young adult, fantasy; "nature poetry": poetry, with
    nature walkers and birders, national park hikers and gardeners as its specific audiences)."""
    cleaned = _clean(text)
    whole = genre_key(cleaned)
    if whole is not None:
        return GenreParts(genres=(whole,))
    words = [word.strip(".,;:!?()\"") for word in re.split(r"[\s/+&,]+", cleaned)]
    words = [word for word in words if word and word not in ("-", "'")]
    genres: list[str] = []
    specific: list[AudienceIdea] = []
    at = 0
    while at < len(words):
        for size in range(min(_PART_WORDS, len(words) - at), 0, -1):
            found = _part(" ".join(words[at:at + size]))
            if found is not None:
                genres.extend(key for key in found.genres if key not in genres)
                specific.extend(item for item in found.specific if item not in specific)
                at += size
                break
        else:
            at += 1
    return GenreParts(tuple(genres), tuple(specific))


# --- Audiences by name, and by near names ------------------------------------------------------------

# Names writers give audiences the map knows by another name. Keys as `audience_key` leaves them.
NEAR_NAMES: dict[str, str] = {
    "birders": "nature walkers and birders",
    "birdwatchers": "nature walkers and birders",
    "bird watchers": "nature walkers and birders",
    "birding": "nature walkers and birders",
    "nature lovers": "nature walkers and birders",
    "d&d players": "tabletop rpg players",
    "dnd players": "tabletop rpg players",
    "d&d": "tabletop rpg players",
    "dungeons and dragons players": "tabletop rpg players",
    "dungeons & dragons players": "tabletop rpg players",
    "ttrpg players": "tabletop rpg players",
    "ttrpg": "tabletop rpg players",
    "tabletop gamers": "tabletop rpg players",
    "role-players": "tabletop rpg players",
    "roleplayers": "tabletop rpg players",
    "ren faire": "renaissance faire goers",
    "ren faire fans": "renaissance faire goers",
    "renfaire": "renaissance faire goers",
    "renaissance faires": "renaissance faire goers",
    "halloween fans": "people who live for halloween",
    "halloween lovers": "people who live for halloween",
    "horror fans": "horror film buffs",
    "horror movie fans": "horror film buffs",
    "goths": "goth and dark-aesthetic communities",
    "knitters": "knitters and crafters",
    "bakers": "home bakers",
    "hikers": "national park hikers",
    "campers": "outdoor and camping families",
    "larpers": "larpers and medieval re-enactors",
    "cosplay": "cosplayers",
    "anime fans": "anime and manga fans",
    "manga fans": "anime and manga fans",
    "fan fiction writers": "fandom and fan fiction communities",
    "fanfic writers": "fandom and fan fiction communities",
    "gamers": "story-driven video gamers",
    "video gamers": "story-driven video gamers",
    "board gamers": "board game groups",
    "genealogists": "genealogy hobbyists",
    "family historians": "genealogy hobbyists",
    "history buffs": "history enthusiasts",
    "history fans": "history enthusiasts",
    "history lovers": "history enthusiasts",
    "true crime fans": "true crime podcast listeners",
    "escape room fans": "escape room enthusiasts",
    "puzzle fans": "cryptography and puzzle fans",
    "crossword fans": "crossword solvers",
    "poetry slam crowds": "spoken word and open-mic crowds",
    "slam poets": "spoken word and open-mic crowds",
    "open mic crowds": "spoken word and open-mic crowds",
    "stargazers": "space and astronomy enthusiasts",
    "amateur astronomers": "space and astronomy enthusiasts",
    "meditators": "mindfulness and meditation groups",
    "homeschoolers": "homeschooling families",
    "pet lovers": "cat and dog lovers",
    "pet owners": "cat and dog lovers",
    "foodies": "foodies and home cooks",
    "home cooks": "foodies and home cooks",
    "sober community": "recovery and sobriety communities",
    "bereavement groups": "grief support groups",
    "hospice workers": "hospice volunteers",
}

# Words too general to find an audience by on their own ("fans" is in many names).
_GENERIC = frozenset({"fan", "lover", "people", "group", "community", "communitie", "player", "enthusiast",
                      "buff", "reader", "hobbyist", "collector", "goer", "crowd", "member", "folk",
                      "volunteer", "club", "circle", "network", "watcher", "who", "for", "live"})
_LINKS = frozenset({"and", "of", "the", "&", "a", "an", "in"})


def _stem(word: str) -> str:
    word = word.replace("'", "").replace("-", "")
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _stems(name: str) -> frozenset[str]:
    words = (word.strip(".,;:!?()\"") for word in audience_key(name).replace("\u2019", "'").split())
    return frozenset(_stem(word) for word in words if word and word not in _LINKS)


def _build_index() -> dict[str, AudienceIdea]:
    index: dict[str, AudienceIdea] = {}
    for ideas in (*GENRES.values(), *PART_IDEAS.values()):
        for item in ideas:
            index.setdefault(audience_key(item.name), item)
    return index


_INDEX: dict[str, AudienceIdea] = _build_index()
_WORDS: tuple[tuple[frozenset[str], AudienceIdea], ...] = tuple((_stems(key), item) for key, item in _INDEX.items())


def idea(name: str) -> AudienceIdea | None:
    """The audience of that name in the map (any case, any spacing), or of a near name: one of
    NEAR_NAMES ("birders", "D&D players"), or words all in one map name and in no other ("knitters",
    "cat lovers"; not "fans" nor "history buffs" alone). None when nothing, or more than one, fits."""
    key = audience_key(name)
    found = _INDEX.get(key)
    if found is not None or not key:
        return found
    near = NEAR_NAMES.get(key.replace("\u2019", "'"))
    if near is not None:
        return _INDEX[near]
    wanted = _stems(key)
    if not wanted or wanted <= _GENERIC:
        return None
    fits = [item for words, item in _WORDS if wanted <= words]
    return fits[0] if len(fits) == 1 else None


def ideas_for_genres(genres: Sequence[str]) -> list[AudienceIdea]:
    """The audiences next to the given genres: first what their parts add ("nature" in "nature
    poetry"), then the genres' own, taking turns across genres, each audience once.

    A genre is read whole, else by its parts (`genre_parts`); unknown genres are ignored; a genre
    named twice counts once. The order is the genres' order, always the same for the same genres.
    """
    keys: list[str] = []
    specific: list[tuple[AudienceIdea, ...]] = []
    for text in genres:
        parts = genre_parts(text)
        keys.extend(key for key in parts.genres if key not in keys)
        if parts.specific and parts.specific not in specific:
            specific.append(parts.specific)
    seen: set[str] = set()
    out: list[AudienceIdea] = []
    for lists in (specific, [GENRES[key] for key in keys]):
        for row in range(max((len(ideas) for ideas in lists), default=0)):
            for ideas in lists:
                if row < len(ideas):
                    item = ideas[row]
                    key = audience_key(item.name)
                    if key not in seen:
                        seen.add(key)
                        out.append(item)
    return out


def neighbours(name: str) -> list[AudienceIdea]:
    """The audiences next to the named one (or the one a near name finds): its related ones first,
    then its genre-mates."""
    me = idea(name)
    if me is None:
        return []
    own = audience_key(me.name)
    seen: set[str] = {own}
    out: list[AudienceIdea] = []

    def add(item: AudienceIdea | None) -> None:
        if item is None:
            return
        key = audience_key(item.name)
        if key not in seen:
            seen.add(key)
            out.append(item)

    for related in me.related:
        add(idea(related))
    for ideas in (*GENRES.values(), *PART_IDEAS.values()):
        if any(audience_key(item.name) == own for item in ideas):
            for item in ideas:
                add(item)
    return out


# --- What the faces say about genres ------------------------------------------------------------------

DEFAULT_EXAMPLE = "history teachers"
# A genre to name in the note when no known one is close to an unknown one: the widest of the map.
FALLBACK_GENRE = "literary fiction"


def unknown_genres(genres: Sequence[str]) -> list[str]:
    """The writer's genres the map does not know, whole or by their parts, each once, as written."""
    out: list[str] = []
    for text in genres:
        shown = " ".join(str(text).split())
        if shown and not genre_parts(shown).known and _clean(shown) not in {_clean(t) for t in out}:
            out.append(shown)
    return out


def close_genre(text: str) -> str | None:
    """The known genre whose name (or an alias's) is spelled nearly like `text` ("cli-fi": science
    fiction, by sci-fi; "fantsy": fantasy), or None."""
    from difflib import get_close_matches  # only when a genre is unknown

    names = {**{key: key for key in GENRES}, **GENRE_ALIASES,
             **{word: keys[0] for word, keys in PART_GENRES.items()}}
    found = get_close_matches(_clean(text), sorted(names), n=1, cutoff=0.75)
    return names[found[0]] if found else None


def _quoted(names: Sequence[str]) -> str:
    marks = [f"\u201c{name}\u201d" for name in names]
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " or " + marks[-1]


def genre_note(genres: Sequence[str]) -> str | None:
    """One kind line naming the genres the map does not know (whole or by their parts), with how to
    teach coach; None when every genre is known (or none is set). Said once for all of them:

    coach has no map for \u201ccli-fi\u201d yet; add a genre it knows that is close:
    coach config genres "cli-fi, science fiction"  (one line)
    """
    unknown = unknown_genres(genres)
    if not unknown:
        return None
    mine = [" ".join(str(text).split()) for text in genres if str(text).strip()]
    have = {genre for text in mine for genre in genre_parts(text).genres}
    close: list[str] = []
    for text in unknown:
        found = close_genre(text)
        if found is not None and found not in close and found not in have:
            close.append(found)
    if not close:  # nothing spelled nearly alike: the widest genre the map has, or the first not set
        close.append(next(key for key in (FALLBACK_GENRE, *GENRES) if key not in have))
    command = ", ".join([*mine, *close])
    return (f"coach has no map for {_quoted(unknown)} yet; add a genre it knows that is close: "
            f"coach config genres \"{command}\"")


def example_audience(genres: Sequence[str]) -> str:
    """The audience to show as the example in an empty brainstorm box: the first idea for the
    writer's genres, or "history teachers" when none fits (or no genre is set)."""
    ideas = ideas_for_genres(genres)
    return ideas[0].name if ideas else DEFAULT_EXAMPLE


def example_placeholders(placeholder: str, genres: Sequence[str]) -> tuple[str, ...]:
    """The brainstorm box's placeholder ("an audience, e.g. history teachers") with the writer's
    example in place of its own, longest first: then without an example, for a narrow box."""
    head, sep, example = placeholder.rpartition("e.g. ")
    mine = example_audience(genres)
    if not sep or mine == example:
        return (placeholder,)
    return (f"{head}{sep}{mine}", head.rstrip(", ") or placeholder)
