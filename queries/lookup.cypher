// question: Which entity goes by this name or alias (any case)?
// param: name string = "MLM"   a name, alias or acronym
// ordered: true
// example: {"name": "MLM", "id": "method:masked-language-modeling", "canonical": "masked language modeling", "papers": 5}
// papers counts the papers that link to the entity.
MATCH (e)
WHERE e.name IS NOT NULL AND NOT e:Paper
  AND (toLower(e.name) = toLower($name) OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name)))
OPTIONAL MATCH (p:Paper)-->(e)
RETURN $name AS name, e.id AS id, e.name AS canonical, count(DISTINCT p) AS papers
ORDER BY papers DESC, id
