// question: Which modalities occur together in the same papers?
// ordered: true
// example: {"modality": "image", "other": "text", "papers": 43}
MATCH (a:Modality)<-[:HAS_MODALITY]-(p:Paper)-[:HAS_MODALITY]->(b:Modality)
WHERE a.name < b.name
RETURN a.name AS modality, b.name AS other, count(DISTINCT p) AS papers
ORDER BY papers DESC, modality, other
