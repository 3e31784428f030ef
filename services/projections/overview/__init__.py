"""Regional overview read model: per municipality and in total, against programme targets."""
