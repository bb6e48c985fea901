//! [`NameTable`]: named things listed in name order and found by name through a hash map of
//! positions. The scheduler snapshot keeps its nodes in one: the scheduler visits them in
//! name order, and every pod write finds its node by name, where an ordered map would
//! compare the name with a dozen others on the way down, each comparison reading another
//! name from elsewhere in memory.

use crate::engine::key_map::KeyMap;

/// Something with a name that a [`NameTable`] orders and finds it by.
pub trait Named {
    /// The name.
    fn name(&self) -> &str;
}

/// Named items in name order, each found by name in one hash look-up.
#[derive(Clone, Debug, PartialEq)]
pub struct NameTable<T> {
    /// The items, sorted by name.
    items: Vec<T>,
    /// The position in `items` of each name.
    positions: KeyMap<usize>,
}

impl<T> Default for NameTable<T> {
    fn default() -> Self {
        NameTable {
            items: Vec::new(),
            positions: KeyMap::default(),
        }
    }
}

impl<T: Named> NameTable<T> {
    /// The number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether an item is named `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.positions.contains_key(name)
    }

    /// The item named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.positions.get(name).map(|&at| &self.items[at])
    }

    /// The item named `name`, mutable. (Its name must stay.)
    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        let at = *self.positions.get(name)?;
        Some(&mut self.items[at])
    }

    /// The items, in name order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &T> + '_ {
        self.items.iter()
    }

    /// Adds `item`, whose name is not in the table yet, in name order. Items given in name
    /// order go at the end; one that goes before others moves them along.
    pub fn insert(&mut self, item: T) {
        let name = item.name().to_string();
        let at = match self.items.last() {
            Some(last) if last.name() > name.as_str() => {
                self.items.partition_point(|i| i.name() < name.as_str())
            }
            _ => self.items.len(),
        };
        self.items.insert(at, item);
        self.positions.insert(&name, at);
        self.renumber_from(at + 1);
    }

    /// Removes and returns the item named `name`.
    pub fn remove(&mut self, name: &str) -> Option<T> {
        let at = self.positions.remove(name)?;
        let gone = self.items.remove(at);
        self.renumber_from(at);
        Some(gone)
    }

    /// Records the positions of the items from `start` on, after an item was inserted or
    /// removed before them.
    fn renumber_from(&mut self, start: usize) {
        for (at, item) in self.items.iter().enumerate().skip(start) {
            if let Some(position) = self.positions.get_mut(item.name()) {
                *position = at;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Named for String {
        fn name(&self) -> &str {
            self
        }
    }

    fn names(table: &NameTable<String>) -> Vec<&str> {
        table.values().map(String::as_str).collect()
    }

    #[test]
    fn items_are_listed_in_name_order_and_found_by_name_whatever_the_order_of_writes() {
        let mut table = NameTable::default();
        for name in ["n3", "n1", "n5", "n2", "n4"] {
            table.insert(name.to_string());
        }
        assert_eq!(names(&table), ["n1", "n2", "n3", "n4", "n5"]);
        assert_eq!(table.remove("n2"), Some("n2".to_string()));
        assert_eq!(table.remove("n2"), None, "already gone");
        table.insert("n0".to_string());
        table.insert("n9".to_string());
        assert_eq!(names(&table), ["n0", "n1", "n3", "n4", "n5", "n9"]);
        for name in ["n0", "n1", "n3", "n4", "n5", "n9"] {
            assert_eq!(table.get(name).map(String::as_str), Some(name), "{name}");
            assert!(table.contains_key(name));
        }
        assert!(table.get("n2").is_none());
        assert_eq!(table.len(), 6);
    }
}
