"""Description texts the reference schema repeats on many root fields."""

USER_SCOPE_NOTE = "The results of this query can be affected by providing an authToken header to set a user for the operation."
MUTATION_SCOPE_NOTE = (
    "The results of this mutation can be affected by providing an authToken header to set a user for the operation."
)
