"""Ofsted's Annex A inspection workbook (sheets ``List 1`` .. ``List 11``) -> contract tables."""
