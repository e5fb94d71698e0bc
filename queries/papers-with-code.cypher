// question: Which papers link to their code, and where?
// ordered: true
// example: {"paper_id": "paper:2.5-years-in-class-a-multimodal-textbook-for-vision-language-pretraining", "title": "2.5 Years in Class: A Multimodal Textbook for Vision-Language Pretraining", "url": "https://github.com/DAMO-NLP-SG/multimodal_textbook"}
MATCH (p:Paper)-[:HAS_CODE]->(r:Repository)
RETURN p.id AS paper_id, p.title AS title, r.url AS url
ORDER BY paper_id, url
