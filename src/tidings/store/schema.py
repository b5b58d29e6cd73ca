"""The store's schema: numbered migrations, applied in order by `Store` and recorded in
`schema_migrations`. docs/store.md documents every table and column.
"""

from __future__ import annotations

#: An article's headline: its title, else the opening words of its text (many feeds have no title).
HEADLINE_SQL = "coalesce(title, regexp_replace(substr(text, 1, 90), '\\s+\\S*$', '') || '…')"


def labels_sql(first_event_id: str) -> str:
    """SQL inserting into event_labels the labels of events from `first_event_id` (an SQL value) on:
    each side's actors joined with "+" (CAMEO code, else country, else name, else their words)."""
    label = "coalesce(cameo, country, name, text)"
    return f"""INSERT INTO event_labels
        SELECT event_id,
               coalesce(string_agg({label}, '+' ORDER BY position) FILTER (WHERE role = 'actor'), ''),
               coalesce(string_agg({label}, '+' ORDER BY position) FILTER (WHERE role = 'recipient'), '')
        FROM event_actors WHERE event_id >= {first_event_id} GROUP BY event_id"""


#: How actors become network nodes: by country (else CAMEO code, for groups such as IGOs), by
#: CAMEO code, or by canonical name (SQL over an event_actors row `{t}`). Actors that name nobody
#: in particular are left out: those the coder could not resolve ("(unidentified)" attackers,
#: unknown names) and bare sector codes with no country ("officials" → GOV, "forces" → MIL), which
#: would merge every government into one node.
NODE_KEYS = {
    "country": "coalesce(nullif({t}.country, ''), nullif(nullif({t}.cameo, ''), {t}.sector))",
    "cameo": "nullif(nullif({t}.cameo, ''), {t}.sector)",
    "name": "CASE WHEN {t}.country IS NULL AND {t}.cameo = {t}.sector THEN NULL ELSE nullif({t}.name, '') END",
}


def edges_sql(first_event_id: str) -> str:
    """SQL inserting into event_edges the network edges of events from `first_event_id` (an SQL
    value, used once) on: for each way of naming nodes (NODE_KEYS), each distinct actor → recipient
    pair of the event whose two nodes name somebody and differ."""
    pairs = " UNION ALL ".join(
        f"SELECT s.event_id, '{key}', {node.format(t='s')}, {node.format(t='t')} FROM sides s "
        f"JOIN sides t ON t.event_id = s.event_id AND t.role = 'recipient' WHERE s.role = 'actor'"
        for key, node in NODE_KEYS.items())
    return f"""INSERT INTO event_edges
        WITH sides AS (SELECT * FROM event_actors WHERE event_id >= {first_event_id})
        SELECT DISTINCT * FROM ({pairs}) p(event_id, node_key, source, target)
        WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target"""


#: The columns of a resolved actor, in every table that holds actors (event_actors, actor_mentions,
#: quote_speakers), so that one mapping (`rows.actor_row`) fills them all.
ACTOR_COLUMNS_SQL = ("text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, cameo VARCHAR, "
                     "wikidata VARCHAR, office VARCHAR, span_start INTEGER, span_end INTEGER,")

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("initial schema", f"""
    CREATE TABLE articles (
        id            VARCHAR PRIMARY KEY,
        content_hash  VARCHAR NOT NULL UNIQUE,
        published     DATE,
        title         VARCHAR,
        url           VARCHAR,
        source        VARCHAR,
        language      VARCHAR,
        text          VARCHAR,
        n_words       INTEGER,
        n_events      INTEGER,
        coded_at      TIMESTAMP
    );
    CREATE TABLE events (
        id              BIGINT PRIMARY KEY,
        article_id      VARCHAR NOT NULL,
        seq             INTEGER NOT NULL,
        coder_id        VARCHAR,
        plover          VARCHAR NOT NULL,
        plover_mode     VARCHAR,
        plover_context  VARCHAR[],
        cameo           VARCHAR NOT NULL,
        goldstein       DOUBLE,
        quad_class      INTEGER,
        penta_class     INTEGER,
        mode            VARCHAR NOT NULL,
        date            VARCHAR,
        day             DATE,
        date_precision  VARCHAR,
        actor_code      VARCHAR,
        actor_country   VARCHAR,
        actor_sector    VARCHAR,
        actor_name      VARCHAR,
        actor_text      VARCHAR,
        recipient_code     VARCHAR,
        recipient_country  VARCHAR,
        recipient_sector   VARCHAR,
        recipient_name     VARCHAR,
        recipient_text     VARCHAR,
        reciprocal      BOOLEAN,
        place_name      VARCHAR,
        place_country   VARCHAR,
        place_lat       DOUBLE,
        place_lon       DOUBLE,
        place_geonames  BIGINT,
        evidence_start  INTEGER,
        evidence_end    INTEGER,
        evidence        VARCHAR,
        trigger_start   INTEGER,
        trigger_end     INTEGER,
        trigger         VARCHAR,
        confidence      DOUBLE,
        why             VARCHAR,
        canonical_id    BIGINT,
        UNIQUE (article_id, seq)
    );
    CREATE TABLE event_actors (
        event_id   BIGINT NOT NULL,
        role       VARCHAR NOT NULL,
        position   INTEGER NOT NULL,
        {ACTOR_COLUMNS_SQL}
        PRIMARY KEY (event_id, role, position)
    );
    CREATE TABLE actor_mentions (
        article_id VARCHAR NOT NULL,
        seq        INTEGER NOT NULL,
        {ACTOR_COLUMNS_SQL}
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE quotes (
        article_id       VARCHAR NOT NULL,
        seq              INTEGER NOT NULL,
        text             VARCHAR,
        span_start       INTEGER,
        span_end         INTEGER,
        speaker_text     VARCHAR,
        speaker_name     VARCHAR,
        speaker_country  VARCHAR,
        speaker_sector   VARCHAR,
        speaker_cameo    VARCHAR,
        speaker_wikidata VARCHAR,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE date_mentions (
        article_id VARCHAR NOT NULL,
        seq        INTEGER NOT NULL,
        text       VARCHAR,
        value      VARCHAR,
        span_start INTEGER,
        span_end   INTEGER,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE errors (
        source  VARCHAR NOT NULL,
        record  VARCHAR NOT NULL,
        reason  VARCHAR NOT NULL,
        logged_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, record)
    );
    CREATE TABLE canonical_events (
        id                BIGINT PRIMARY KEY,
        plover            VARCHAR NOT NULL,
        cameo             VARCHAR,
        actor_code        VARCHAR,
        actor_country     VARCHAR,
        actor_sector      VARCHAR,
        actor_name        VARCHAR,
        recipient_code    VARCHAR,
        recipient_country VARCHAR,
        recipient_sector  VARCHAR,
        recipient_name    VARCHAR,
        day               DATE NOT NULL,
        first_day         DATE,
        last_day          DATE,
        place_name        VARCHAR,
        place_country     VARCHAR,
        place_lat         DOUBLE,
        place_lon         DOUBLE,
        num_mentions      INTEGER NOT NULL,
        num_articles      INTEGER NOT NULL,
        num_sources       INTEGER NOT NULL,
        goldstein         DOUBLE,
        quad_class        INTEGER
    );
    CREATE INDEX events_article ON events (article_id);
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_canonical ON events (canonical_id);
    """),
    ("articles.author: the byline the page gives", """
    ALTER TABLE articles ADD COLUMN author VARCHAR;
    """),
    ("articles.published_from: where the publication date came from", """
    ALTER TABLE articles ADD COLUMN published_from VARCHAR;
    """),
    ("read models: articles.headline and event_labels, kept at write time so pages need no text or actor scans", f"""
    ALTER TABLE articles ADD COLUMN headline VARCHAR;
    UPDATE articles SET headline = {HEADLINE_SQL};
    CREATE TABLE event_labels (
        event_id        BIGINT PRIMARY KEY,
        actor_label     VARCHAR NOT NULL,
        recipient_label VARCHAR NOT NULL
    );
    {labels_sql("0")};
    """),
    ("quote_speakers: a quote's speaker as a whole actor (role and span too); articles.warnings", f"""
    CREATE TABLE quote_speakers (
        article_id VARCHAR NOT NULL,
        seq        INTEGER NOT NULL,
        {ACTOR_COLUMNS_SQL}
        PRIMARY KEY (article_id, seq)
    );
    INSERT INTO quote_speakers (article_id, seq, text, name, country, sector, cameo, wikidata)
        SELECT article_id, seq, coalesce(speaker_text, ''), speaker_name, speaker_country, speaker_sector,
               speaker_cameo, speaker_wikidata
        FROM quotes WHERE speaker_name IS NOT NULL OR speaker_cameo IS NOT NULL OR speaker_country IS NOT NULL;
    ALTER TABLE quotes DROP COLUMN speaker_name;
    ALTER TABLE quotes DROP COLUMN speaker_country;
    ALTER TABLE quotes DROP COLUMN speaker_sector;
    ALTER TABLE quotes DROP COLUMN speaker_cameo;
    ALTER TABLE quotes DROP COLUMN speaker_wikidata;
    ALTER TABLE articles ADD COLUMN warnings VARCHAR[];
    """),
    ("read model: event_edges, each event's network edges per way of naming nodes, kept at write time", f"""
    CREATE TABLE event_edges (
        event_id BIGINT NOT NULL,
        node_key VARCHAR NOT NULL,
        source   VARCHAR NOT NULL,
        target   VARCHAR NOT NULL
    );
    {edges_sql("0")};
    """),
)
