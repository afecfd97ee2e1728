// Load kg's Neo4j export into a running Neo4j server with LOAD CSV.
//
// 1. Copy entities.csv, documents.csv, statements.csv and mentions.csv into the server's
//    import folder (server.directories.import, "import/" in a Neo4j home).
// 2. Run this script:  cypher-shell -u neo4j -p PASSWORD -f load.cypher
//
// Needs Neo4j 5.26 or later (labels and relationship types taken from the data with $(...)).
// On an older server with APOC, replace the statements' CREATE by
//   CALL apoc.create.relationship(a, row.`:TYPE`, {}, b) YIELD rel AS r SET r += {...}
// For a new database of any size, neo4j-admin database import reads the same files faster:
//   neo4j-admin database import full --nodes=entities.csv --nodes=documents.csv
//     --relationships=statements.csv --relationships=mentions.csv neo4j
//
// An empty cell is an absent property (LOAD CSV gives it as null or as ''; both are read so).
// The script is the same for every graph: the data comes only from the CSV files, never
// pasted into Cypher. Running it again updates nodes (MERGE) but adds the relationships again:
// load into an empty database.

CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
SET n:$(row.type),
    n.name = row.name,
    n.type = row.type,
    n.aliases = CASE coalesce(row.`aliases:string[]`, '') WHEN '' THEN [] ELSE split(row.`aliases:string[]`, ';') END,
    n.mentions = toInteger(row.`mentions:int`),
    n.sameAs = CASE coalesce(row.`sameAs:string[]`, '') WHEN '' THEN [] ELSE split(row.`sameAs:string[]`, ';') END,
    n.typeEvidence = CASE coalesce(row.`typeEvidence:string[]`, '') WHEN '' THEN [] ELSE split(row.`typeEvidence:string[]`, ';') END;

LOAD CSV WITH HEADERS FROM 'file:///documents.csv' AS row
MERGE (d:Document {id: row.`id:ID(Document)`})
SET d.title = CASE row.title WHEN '' THEN null ELSE row.title END,
    d.date = CASE row.date WHEN '' THEN null ELSE row.date END,
    d.source = CASE row.source WHEN '' THEN null ELSE row.source END,
    d.statements = toInteger(row.`statements:int`);

LOAD CSV WITH HEADERS FROM 'file:///statements.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`}), (b:Entity {id: row.`:END_ID(Entity)`})
CREATE (a)-[r:$(row.`:TYPE`)]->(b)
SET r.id = row.id,
    r.predicate = row.predicate,
    r.negated = toBoolean(row.`negated:boolean`),
    r.modality = CASE row.modality WHEN '' THEN null ELSE row.modality END,
    r.condition = CASE row.condition WHEN '' THEN null ELSE row.condition END,
    r.time = CASE row.time WHEN '' THEN null ELSE row.time END,
    r.attributedTo = CASE row.attributedTo WHEN '' THEN null ELSE row.attributedTo END,
    r.confidence = toFloat(row.`confidence:float`),
    r.rule = row.rule,
    r.document = row.document,
    r.sentence = row.sentence,
    r.start = toInteger(row.`start:int`),
    r.end = toInteger(row.`end:int`);

LOAD CSV WITH HEADERS FROM 'file:///mentions.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`}), (d:Document {id: row.`:END_ID(Document)`})
CREATE (a)-[r:MENTIONED_IN]->(d)
SET r.count = toInteger(row.`count:int`);
