// question: What is a method a variant of, and what are its variants (VARIANT_OF chains)?
// param: method string = "ViT-B"   id or name (any case) of the method
// ordered: true
// example: {"method": "ViT-B", "method_id": "method:vit-b", "direction": "ancestor", "other_id": "method:vision-transformer", "other": "Vision Transformer"}
// direction is "ancestor" for what the method descends from, "descendant" for its variants, at any depth.
MATCH (m:Method)
WHERE m.id = $method OR toLower(m.name) = toLower($method)
CALL (m) {
  MATCH (m)-[:VARIANT_OF*1..]->(a:Method)
  RETURN 'ancestor' AS direction, a AS other
  UNION
  MATCH (d:Method)-[:VARIANT_OF*1..]->(m)
  RETURN 'descendant' AS direction, d AS other
}
RETURN DISTINCT $method AS method, m.id AS method_id, direction, other.id AS other_id, other.name AS other
ORDER BY method_id, direction, other_id
