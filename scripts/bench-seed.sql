-- Portal-scale data for scripts/bench, written straight into a migrated PostgreSQL database
-- (bulk INSERT … SELECT, not the HTTP API). Reproducible: every "random" choice is a hash of the
-- seed and the row's number, so the same seed gives the same rows whatever the plan.
--
--   psql "$url" -v seed=42 -v orgs=2000 -v users=20000 -v datasets=20000 -v reuses=100000 \
--        -v messages=200000 -f scripts/bench-seed.sql
--
-- Distributions: organizations and datasets are skewed (a few publish and are reused a lot:
-- index = n · r^k); tags follow a long tail over 500 tags; each reuse links 1–6 datasets and has
-- 1–5 tags; a discussion has 1 to many messages (skewed); 2 % of reuses are private, 1 % deleted,
-- 3 % archived, 12 featured; 75 % of discussions are about datasets, 40 % are closed, 70 % of
-- those with a reply answered by their producer; each user follows 0 to 8 things.
\set ON_ERROR_STOP on
SET vitrine.seed = :'seed';
SET synchronous_commit = off;

-- r(key): a number in [0, 1) from the seed and key.
CREATE FUNCTION pg_temp.r(key text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('x' || substr(md5(current_setting('vitrine.seed') || ':' || key), 1, 13))::bit(52)::bigint
         / 4503599627370496.0
$$;
-- pick(list, key): one element of list, uniformly.
CREATE FUNCTION pg_temp.pick(list text[], key text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT list[1 + floor(pg_temp.r(key) * array_length(list, 1))::int]
$$;
-- skewed(n, k, key): an index in [0, n), small ones far more often (n · r^k).
CREATE FUNCTION pg_temp.skewed(n int, k double precision, key text) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
  SELECT least(n - 1, floor(n * power(pg_temp.r(key), k))::int)
$$;
CREATE FUNCTION pg_temp.id(kind text, i bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT md5(current_setting('vitrine.seed') || kind || i) $$;

CREATE TEMP TABLE words AS SELECT * FROM (VALUES
  (ARRAY['Carte', 'Tableau de bord', 'Visualisation', 'Application', 'Analyse', 'Observatoire',
         'Explorateur', 'Atlas', 'Suivi', 'Indicateurs', 'Comparateur', 'Simulateur']),
  (ARRAY['qualite de l''air', 'bornes de recharge', 'accidents de la route', 'budget communal',
         'horaires des transports', 'equipements sportifs', 'prix des carburants', 'vaccination',
         'consommation electrique', 'population legale', 'marches publics', 'arbres d''alignement',
         'deces hospitaliers', 'logements sociaux', 'ecoles et colleges', 'pistes cyclables',
         'elections municipales', 'risques naturels', 'qualite de l''eau', 'emploi local',
         'entreprises creees', 'pharmacies de garde', 'parkings relais', 'dechets menagers']),
  (ARRAY['Lyon', 'Paris', 'Marseille', 'Lille', 'Nantes', 'Bordeaux', 'Toulouse', 'Rennes',
         'Strasbourg', 'Nice', 'Montpellier', 'Grenoble', 'France', 'Bretagne', 'Occitanie']),
  (ARRAY['Une application qui croise', 'Cette visualisation montre', 'Nous avons agrege',
         'Un outil libre pour explorer', 'Analyse detaillee de', 'Carte mise a jour chaque jour de']),
  (ARRAY['les donnees ouvertes publiees par la collectivite.',
         'l''evolution sur dix ans, commune par commune.',
         'les jeux de donnees du portail national, avec une API.',
         'les chiffres officiels, telechargeables en CSV.',
         'les tendances recentes et les comparaisons regionales.'])
) AS t(list);
CREATE TEMP TABLE vocab AS
SELECT (SELECT list FROM words LIMIT 1 OFFSET 0) AS kinds,
       (SELECT list FROM words LIMIT 1 OFFSET 1) AS subjects,
       (SELECT list FROM words LIMIT 1 OFFSET 2) AS places,
       (SELECT list FROM words LIMIT 1 OFFSET 3) AS openings,
       (SELECT list FROM words LIMIT 1 OFFSET 4) AS endings,
       ARRAY(SELECT CASE WHEN n <= 40 THEN (ARRAY['environnement', 'transport', 'sante', 'budget',
         'energie', 'sport', 'covid', 'mobilite', 'population', 'finances', 'air', 'eau',
         'education', 'logement', 'velo', 'elections', 'emploi', 'entreprises', 'agriculture',
         'culture', 'tourisme', 'securite', 'justice', 'dechets', 'biodiversite', 'climat',
         'numerique', 'territoire', 'cartographie', 'statistiques', 'open-data', 'api',
         'temps-reel', 'geographie', 'demographie', 'commune', 'region', 'departement',
         'urbanisme', 'patrimoine'])[n] ELSE 'theme-' || n END
             FROM generate_series(1, 500) AS n) AS tags,
       ARRAY['application', 'application', 'application', 'application', 'visualization',
             'visualization', 'visualization', 'api', 'news_article', 'paper', 'post', 'idea',
             'hardware'] AS types,
       ARRAY['health', 'transport_and_mobility', 'housing_and_development',
             'food_and_agriculture', 'culture_and_recreation', 'economy_and_business',
             'environment_and_energy', 'work_and_training', 'politics_and_public_life',
             'safety_and_security', 'education_and_research', 'society_and_demography',
             'law_and_justice', 'open_data_tools', 'others'] AS topics;

BEGIN;

INSERT INTO users (id, email, name, role, active, locale, created_at)
SELECT pg_temp.id('user', i), 'user' || i || '@bench.example', 'Utilisateur ' || i, 'user', true,
       CASE WHEN pg_temp.r('user-locale' || i) < 0.8 THEN 'fr' ELSE 'en' END,
       now() - make_interval(days => floor(pg_temp.r('user-created' || i) * 3650)::int)
FROM generate_series(1, :users) AS i;

INSERT INTO organizations (id, name, slug, description, created_at, last_modified)
SELECT pg_temp.id('org', i), 'Organisation ' || i || ' de ' || pg_temp.pick(places, 'org' || i),
       'organisation-' || i, 'Producteur de donnees publiques.',
       now() - interval '8 years', now() - interval '1 year'
FROM generate_series(1, :orgs) AS i, vocab;

-- 1 to 5 members an organization, the first an admin.
INSERT INTO members (organization_id, user_id, role, since)
SELECT pg_temp.id('org', o), pg_temp.id('user', u), CASE WHEN first THEN 'admin' ELSE 'editor' END,
       now() - interval '1 year'
FROM (
  SELECT o, u, bool_or(k = 1) AS first
  FROM generate_series(1, :orgs) AS o,
       LATERAL generate_series(1, 1 + floor(pg_temp.r('members' || o) * 5)::int) AS k,
       LATERAL (SELECT 1 + floor(pg_temp.r('member' || o || ':' || k) * :users)::int AS u) AS m
  GROUP BY o, u
) AS chosen;

INSERT INTO datasets (id, title, slug, description, url, organization_id, license, frequency,
                      created_at, last_modified, archived, deleted, source, remote_id)
SELECT pg_temp.id('dataset', i),
       initcap(pg_temp.pick(subjects, 'ds-subject' || i)) || ' - ' || pg_temp.pick(places, 'ds-place' || i)
         || ' (' || i || ')',
       'jeu-de-donnees-' || i,
       'Donnees sur ' || pg_temp.pick(subjects, 'ds-subject' || i) || ', mises a jour regulierement.',
       'https://www.data.gouv.fr/fr/datasets/jeu-de-donnees-' || i || '/',
       pg_temp.id('org', 1 + pg_temp.skewed(:orgs, 2.0, 'ds-org' || i)),
       pg_temp.pick(ARRAY['lov2', 'odc-odbl', 'cc-by', 'fr-lo'], 'ds-license' || i),
       pg_temp.pick(ARRAY['daily', 'weekly', 'monthly', 'annual', 'irregular'], 'ds-freq' || i),
       now() - make_interval(days => floor(pg_temp.r('ds-created' || i) * 3000)::int),
       now() - make_interval(days => floor(pg_temp.r('ds-modified' || i) * 300)::int),
       false, false, 'udata-csv', 'remote-' || i
FROM generate_series(1, :datasets) AS i, vocab;

INSERT INTO dataset_tags (dataset_id, tag)
SELECT DISTINCT pg_temp.id('dataset', i), tags[1 + pg_temp.skewed(500, 2.5, 'ds-tag' || i || ':' || k)]
FROM generate_series(1, :datasets) AS i, vocab,
     LATERAL generate_series(1, 1 + floor(pg_temp.r('ds-tags' || i) * 4)::int) AS k;

INSERT INTO reuses (id, title, slug, description, url, type, topic, image, image_thumbnail,
                    private, featured, featured_position, archived, deleted, owner_id,
                    organization_id, extras, created_at, last_modified, views, followers)
SELECT pg_temp.id('reuse', i), title,
       'reuse-' || i, description,
       'https://reuses.example/' || i, pg_temp.pick(types, 'type' || i),
       topics[1 + pg_temp.skewed(15, 1.5, 'topic' || i)],
       CASE WHEN pg_temp.r('image' || i) < 0.6 THEN 'images/' || pg_temp.id('image', i) || '-800.jpg' END,
       CASE WHEN pg_temp.r('image' || i) < 0.6 THEN 'images/' || pg_temp.id('image', i) || '-500.jpg' END,
       pg_temp.r('private' || i) < 0.02, i <= 12, CASE WHEN i <= 12 THEN i END,
       CASE WHEN pg_temp.r('archived' || i) < 0.03 THEN created + interval '300 days' END,
       CASE WHEN pg_temp.r('deleted' || i) < 0.01 THEN created + interval '30 days' END,
       CASE WHEN by_org THEN NULL ELSE pg_temp.id('user', 1 + floor(pg_temp.r('owner' || i) * :users)::int) END,
       CASE WHEN by_org THEN pg_temp.id('org', 1 + pg_temp.skewed(:orgs, 2.0, 'reuse-org' || i)) END,
       '{}', created, created + make_interval(days => floor(pg_temp.r('modified' || i) * 200)::int),
       floor(100000 * power(pg_temp.r('views' || i), 8))::int,
       floor(300 * power(pg_temp.r('followers' || i), 6))::int
FROM generate_series(1, :reuses) AS i, vocab,
     LATERAL (SELECT
       pg_temp.pick(kinds, 'kind' || i) || ' ' || pg_temp.pick(subjects, 'subject' || i)
         || ' - ' || pg_temp.pick(places, 'place' || i) AS title,
       pg_temp.pick(openings, 'open' || i) || ' ' || pg_temp.pick(subjects, 'subject' || i) || ' a '
         || pg_temp.pick(places, 'place' || i) || ' : ' || pg_temp.pick(endings, 'end' || i)
         || ' ' || pg_temp.pick(endings, 'end2' || i) AS description,
       now() - make_interval(days => floor(pg_temp.r('created' || i) * 3650)::int,
                             secs => pg_temp.r('created-s' || i) * 86400) AS created,
       pg_temp.r('by-org' || i) < 0.6 AS by_org) AS made;

INSERT INTO reuse_tags (reuse_id, tag)
SELECT DISTINCT pg_temp.id('reuse', i), tags[1 + pg_temp.skewed(500, 2.5, 'tag' || i || ':' || k)]
FROM generate_series(1, :reuses) AS i, vocab,
     LATERAL generate_series(1, 1 + floor(pg_temp.r('tags' || i) * 5)::int) AS k;

INSERT INTO reuse_datasets (reuse_id, dataset_id, created_at)
SELECT DISTINCT pg_temp.id('reuse', i),
       pg_temp.id('dataset', 1 + pg_temp.skewed(:datasets, 2.0, 'link' || i || ':' || k)),
       -- Linked when the reuse was made (the impact indicators count a dataset's reuses from
       -- then): the same expression as its created_at above.
       now() - make_interval(days => floor(pg_temp.r('created' || i) * 3650)::int,
                             secs => pg_temp.r('created-s' || i) * 86400)
FROM generate_series(1, :reuses) AS i,
     LATERAL generate_series(1, 1 + floor(power(pg_temp.r('links' || i), 2) * 6)::int) AS k;

UPDATE reuses SET search =
  setweight(to_tsvector('french', lower(title)), 'A')
  || to_tsvector('french', lower(description || ' ' || coalesce(
       (SELECT string_agg(tag, ' ') FROM reuse_tags WHERE reuse_id = reuses.id), '')));

-- Discussions: one for every 3.3 messages; their first message, then the replies spread over
-- them (skewed: some threads are long).
CREATE TEMP TABLE plan AS
SELECT d, pg_temp.r('subject' || d) < 0.75 AS on_dataset,
       1 + floor(pg_temp.r('asker' || d) * :users)::int AS asker,
       now() - make_interval(days => floor(pg_temp.r('asked' || d) * 1500)::int) AS asked
FROM generate_series(1, (:messages * 10 / 33)::int) AS d;

INSERT INTO discussions (id, subject_class, subject_id, title, user_id, created, closed,
                         extras, last_posted_on)
SELECT pg_temp.id('discussion', d),
       CASE WHEN on_dataset THEN 'Dataset' ELSE 'Reuse' END,
       CASE WHEN on_dataset THEN pg_temp.id('dataset', 1 + pg_temp.skewed(:datasets, 2.0, 'about' || d))
            ELSE pg_temp.id('reuse', 1 + pg_temp.skewed(:reuses, 2.0, 'about' || d)) END,
       pg_temp.pick(ARRAY['Frequence de mise a jour ?', 'Donnees manquantes pour 2023',
         'Erreur dans la colonne code_insee', 'Licence de reutilisation', 'Format du fichier',
         'Lien casse', 'Source des coordonnees', 'Doublons dans le fichier'], 'title' || d),
       pg_temp.id('user', asker), asked,
       CASE WHEN pg_temp.r('closed' || d) < 0.4 THEN asked + interval '20 days' END,
       '{}', asked
FROM plan;

INSERT INTO messages (id, discussion_id, position, content, posted_by, posted_on)
SELECT pg_temp.id('message', m), pg_temp.id('discussion', d), position,
       pg_temp.pick(ARRAY['Bonjour, merci pour ces donnees. ',
                          'Merci pour votre retour, nous corrigeons. ',
                          'Le fichier est mis a jour chaque mois. ',
                          'Pouvez-vous preciser la ligne concernee ? '], 'content' || m)
         || 'Voir https://www.data.gouv.fr/fr/ pour le detail.',
       pg_temp.id('user', CASE WHEN position = 0 THEN asker
                               ELSE 1 + floor(pg_temp.r('poster' || m) * :users)::int END),
       asked + make_interval(hours => position * 7)
FROM (
  SELECT m, d, (row_number() OVER (PARTITION BY d ORDER BY m) - 1)::int AS position
  FROM (
    SELECT m, CASE WHEN m <= (SELECT count(*) FROM plan) THEN m
                   ELSE 1 + pg_temp.skewed((SELECT count(*) FROM plan)::int, 1.5, 'reply' || m) END AS d
    FROM generate_series(1, :messages) AS m
  ) AS spread
) AS placed JOIN plan USING (d);

UPDATE discussions SET last_posted_on = latest.at
FROM (SELECT discussion_id, max(posted_on) AS at FROM messages GROUP BY discussion_id) AS latest
WHERE latest.discussion_id = discussions.id;

-- Answers and follows, which the impact indicators count (scripts/bench's `impact` part):
-- 70 % of the discussions with a reply were first answered by their producer with that reply
-- (its poster becomes a member of the subject's organization, or the reuse's owner).
CREATE TEMP TABLE answered AS
SELECT d.id AS discussion_id, m.id AS message_id, m.posted_on,
       coalesce((SELECT user_id FROM members
                 WHERE organization_id = coalesce(ds.organization_id, ru.organization_id)
                 ORDER BY role, user_id LIMIT 1), ru.owner_id) AS producer
FROM plan
JOIN discussions d ON d.id = pg_temp.id('discussion', plan.d)
JOIN messages m ON m.discussion_id = d.id AND m.position = 1
LEFT JOIN datasets ds ON d.subject_class = 'Dataset' AND ds.id = d.subject_id
LEFT JOIN reuses ru ON d.subject_class = 'Reuse' AND ru.id = d.subject_id
WHERE pg_temp.r('answered' || plan.d) < 0.7;
UPDATE messages SET posted_by = a.producer
FROM answered a WHERE messages.id = a.message_id AND a.producer IS NOT NULL;
UPDATE discussions SET first_answered_at = a.posted_on
FROM answered a WHERE discussions.id = a.discussion_id AND a.producer IS NOT NULL;

-- Each user follows 0 to 8 datasets (half), reuses or organizations, the popular ones most,
-- each since some day of the last four years.
INSERT INTO follows (id, follower_id, subject_class, subject_id, since)
SELECT DISTINCT ON (follower, class, subject) pg_temp.id('follow', u * 16 + k), follower, class,
       subject, since
FROM generate_series(1, :users) AS u,
     LATERAL generate_series(1, floor(power(pg_temp.r('follows' || u), 2) * 9)::int) AS k,
     LATERAL (SELECT pg_temp.id('user', u) AS follower,
                     pg_temp.r('follow-class' || u || ':' || k) AS c,
                     'followed' || u || ':' || k AS key) AS f,
     LATERAL (SELECT
       CASE WHEN c < 0.5 THEN 'Dataset' WHEN c < 0.8 THEN 'Reuse' ELSE 'Organization' END AS class,
       CASE WHEN c < 0.5 THEN pg_temp.id('dataset', 1 + pg_temp.skewed(:datasets, 2.0, key))
            WHEN c < 0.8 THEN pg_temp.id('reuse', 1 + pg_temp.skewed(:reuses, 2.0, key))
            ELSE pg_temp.id('org', 1 + pg_temp.skewed(:orgs, 2.0, key)) END AS subject,
       now() - make_interval(days => floor(pg_temp.r('follow-since' || u || ':' || k) * 1500)::int)
         AS since) AS s
ORDER BY follower, class, subject, k;

-- Counters, as the application keeps them.
UPDATE reuses SET datasets_count = n
FROM (SELECT reuse_id, count(*) AS n FROM reuse_datasets GROUP BY reuse_id) AS c
WHERE c.reuse_id = reuses.id;
UPDATE datasets SET reuses = n
FROM (SELECT dataset_id, count(*) AS n FROM reuse_datasets rd JOIN reuses r ON r.id = rd.reuse_id
      WHERE NOT r.private AND r.deleted IS NULL GROUP BY dataset_id) AS c
WHERE c.dataset_id = datasets.id;
UPDATE datasets SET discussions = n, discussions_open = o
FROM (SELECT subject_id, count(*) AS n, count(*) FILTER (WHERE closed IS NULL) AS o
      FROM discussions WHERE subject_class = 'Dataset' GROUP BY subject_id) AS c
WHERE c.subject_id = datasets.id;
UPDATE reuses SET discussions = n, discussions_open = o
FROM (SELECT subject_id, count(*) AS n, count(*) FILTER (WHERE closed IS NULL) AS o
      FROM discussions WHERE subject_class = 'Reuse' GROUP BY subject_id) AS c
WHERE c.subject_id = reuses.id;
UPDATE datasets SET followers = n
FROM (SELECT subject_id, count(*) AS n FROM follows WHERE subject_class = 'Dataset'
      GROUP BY subject_id) AS c
WHERE c.subject_id = datasets.id;

COMMIT;
-- The updates above left a dead version of most rows; a live portal's tables are vacuumed as
-- they go, so they are compacted here rather than measured three times their size.
VACUUM (FULL, ANALYZE) reuses, datasets, discussions, messages;
VACUUM ANALYZE;
