-- Custom SQL migration file, put your code below! --
-- The crisis-response policy's public name is what people search for ("Crisis response");
-- its stable id stays crisis-response. Only the seeded name is replaced: a name staff
-- edited is theirs.
UPDATE policies SET name = 'Crisis response' WHERE id = 'crisis-response' AND name = 'Nonviolent first responders';
