"""The files commission (CCF): individuals' access, correction, deletion and revision cases."""
